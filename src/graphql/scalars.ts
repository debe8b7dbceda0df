import { GraphQLScalarType, Kind } from 'graphql';
import { CORE_MESSAGES as M } from '../messages/core';
import { AppError, ErrorCode } from './errors';

/** Validates a calendar date in YYYY-MM-DD form (a real date: no 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isCalendarDate(value)) {
    // graphql-js wraps this in its own message ("Variable … got invalid value …"): ours is its Chinese part.
    throw new AppError(ErrorCode.BAD_USER_INPUT, M.notADate({ value: JSON.stringify(value)?.slice(0, 40) ?? '' }));
  }
  return value;
}

/**
 * A business day, kept as the string the user meant: no time zone can shift it.
 * TypeORM and our pg type parser both hand `date` columns over as strings.
 */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: '日期 — a calendar date (business day) in YYYY-MM-DD form, e.g. 2026-11-23',
  serialize: (value) => {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return parseDate(value);
  },
  parseValue: parseDate,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new AppError(ErrorCode.BAD_USER_INPUT, M.dateNotString());
    return parseDate(ast.value);
  },
});

/** Business dates are plain strings in TypeScript; this alias says which strings. */
export type LocalDate = string;

/** A range argument pair (`from`, `to`) in order and, when `maxDays` is given, no longer than that. */
export function checkDateRange(from: LocalDate, to: LocalDate, maxDays?: number): void {
  if (from > to) throw new AppError(ErrorCode.BAD_USER_INPUT, M.fromAfterTo());
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (maxDays !== undefined && days > maxDays)
    throw new AppError(ErrorCode.BAD_USER_INPUT, M.rangeTooLong({ max: maxDays }));
}
