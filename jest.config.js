/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFiles: ['reflect-metadata'],
  // package.json "imports" points at the compiled kit; tests run the sources.
  moduleNameMapper: { '^#module-kit$': '<rootDir>/src/module-kit/index.ts' },
  // Two cores here: two workers share one PostgreSQL, each test file in its own database.
  maxWorkers: 2,
  testTimeout: 60000,
};
