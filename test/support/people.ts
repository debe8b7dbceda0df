import { idCardCheckChar } from '../../src/org/id-card';

/** A valid ID number for a birth date and sex (GB 11643 check digit computed); `seq` keeps them unique. */
export const idFor = (birth: string, male: boolean, seq = 12) => {
  if (seq < 0 || seq > 499) throw new Error('idFor: seq must be 0–499 (three digits with the sex bit)');
  const first17 = `450702${birth.replace(/-/g, '')}${String(seq * 2 + (male ? 1 : 0)).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
};
