// Lint: typescript-eslint's recommended rules, and one print width for code (strings, template
// literals holding SQL, and URLs may run past it; Prettier cannot break them).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', 'coverage/', 'bench/peer/', 'src/ide/client/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      'max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreUrls: true, ignoreRegExpLiterals: true },
      ],
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // "Now" and "today" come from the app's clock (src/clock.ts), which tests and the faked-clock runs
    // pin: the machine's clock read anywhere else makes a deadline or a figure depend on the day the
    // code runs. Elapsed times are measured with performance.now().
    files: ['src/**/*.ts', 'modules/**/*.ts', 'test/fixtures/**/*.ts'],
    ignores: ['src/clock.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='Date'][property.name='now']",
          message: 'Read the time from the app clock (src/clock.ts); elapsed times with performance.now().',
        },
        {
          selector: "MemberExpression[object.name='Date'][property.value='now']",
          message: 'Read the time from the app clock (src/clock.ts); elapsed times with performance.now().',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0], CallExpression[callee.name='Date']",
          message: 'Read the time from the app clock (src/clock.ts), never the machine clock.',
        },
        {
          selector: "MemberExpression[object.name='globalThis'][property.name='Date']",
          message: 'Date is the global one: read the time from the app clock (src/clock.ts).',
        },
      ],
    },
  },
  {
    // Tests read GraphQL answers, which are JSON shaped by the query each test sends, and check them with
    // expect(); typing every answer would repeat the schema in each test. The example modules under
    // test/fixtures are module code and keep the full rules.
    files: ['test/**/*.ts'],
    ignores: ['test/fixtures/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // A build script reports on the terminal what it built and how long it took; so does the browser test.
    files: ['src/ide/build.mjs', 'test/browser/ide.mjs'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
      },
    },
  },
);
