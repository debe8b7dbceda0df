/**
 * `npm run test:calendar`: the project's jest configuration, plus the check that proves the machine
 * clock really is faked (`faked-clock.check.ts`, which `npm test` does not run: it fails on purpose
 * when the clock is the real one).
 */
import base from '../../jest.config.js';

/** @type {import('jest').Config} */
export default {
  ...base,
  rootDir: '../..',
  testMatch: [...base.testMatch, '**/test/calendar/*.check.ts'],
};
