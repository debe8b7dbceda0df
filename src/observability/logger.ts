import pino, { type Logger } from 'pino';
import { currentRequestScope } from './request-context';

/**
 * Structured JSON logs. Every line written inside a request carries its `requestId`.
 * Personal data is never logged: known personal fields are censored wherever they appear.
 */
const PERSONAL_FIELDS = ['idCardNumber', 'id_card_number', 'phone', 'password', 'token', 'authorization'];

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [...PERSONAL_FIELDS, ...PERSONAL_FIELDS.map((f) => `*.${f}`), ...PERSONAL_FIELDS.map((f) => `*.*.${f}`)],
      censor: '[redacted]',
    },
    mixin() {
      const scope = currentRequestScope();
      return scope ? { requestId: scope.requestId } : {};
    },
  });
}
