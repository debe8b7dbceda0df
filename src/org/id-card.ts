import { isCalendarDate } from '../graphql/scalars';
import { Gender } from './enums';
import type { Message } from '../messages/catalogue';
import { CORE_MESSAGES as M } from '../messages/core';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The check character of the first 17 digits of a citizen ID number (GB 11643-1999, ISO 7064 MOD 11-2). */
export function idCardCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

export interface IdCardFacts {
  birthDate: string;
  gender: Gender;
}

/** Parses an 18-character ID number: the facts it encodes, or the reason it is invalid. */
export function parseIdCard(raw: string): IdCardFacts | { problem: Message } {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return { problem: M.idCardShape() };
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isCalendarDate(birthDate)) return { problem: M.idCardBirthDate() };
  if (idCardCheckChar(id) !== id[17]) return { problem: M.idCardCheckDigit() };
  return { birthDate, gender: Number(id[16]) % 2 === 1 ? Gender.MALE : Gender.FEMALE };
}

export const normaliseIdCard = (raw: string) => raw.trim().toUpperCase();
