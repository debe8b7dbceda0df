/** `npm run drills`: the slow failure drills against the built server (`npm run build` first). */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/drills'],
  testMatch: ['**/*.drill.ts'],
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  setupFiles: ['reflect-metadata'],
  // package.json "imports" points at the compiled kit; tests run the sources.
  moduleNameMapper: { '^#module-kit$': '<rootDir>/src/module-kit/index.ts' },
  maxWorkers: 1,
  testTimeout: 15 * 60_000,
};
