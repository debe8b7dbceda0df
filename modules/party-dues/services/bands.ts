import { DuesBasis } from '../enums';
import type { DuesPolicy } from './policy';

/**
 * `fen` × `basisPoints` / 10,000, rounded half up to the fen, in integers (BigInt): money is never
 * a floating-point number. 3,000.01 yuan at 1 % is 30.0001 yuan → 30.00; 1,234.50 yuan at 0.5 % is
 * 6.1725 yuan → 6.17; 1,235.00 at 0.5 % is 6.175 → 6.18.
 */
export function shareOfFen(fen: number, basisPoints: number): number {
  const n = BigInt(fen) * BigInt(basisPoints);
  return Number((n + 5000n) / 10000n);
}

export interface Assessment {
  /** The monthly dues, in fen. */
  dueFen: number;
  /** The rate applied, in basis points (null for a flat amount). */
  basisPoints: number | null;
}

/** The monthly dues for a basis and a declared monthly income (fen), by the policy's bands. */
export function assess(policy: DuesPolicy, basis: DuesBasis, incomeFen: number | null): Assessment {
  if (basis === DuesBasis.FARMER) return { dueFen: policy.farmerMonthlyFen, basisPoints: null };
  if (basis === DuesBasis.LOW_INCOME) return { dueFen: policy.lowIncomeMonthlyFen, basisPoints: null };
  const bands = basis === DuesBasis.PENSION ? policy.pensionBands : policy.salaryBands;
  const b = bands.find((x) => x.upToFen === null || incomeFen! <= x.upToFen)!;
  return { dueFen: shareOfFen(incomeFen!, b.basisPoints), basisPoints: b.basisPoints };
}

/** `yuan` as text from fen, with two decimals ("12.00"): never through a floating-point number. */
export function yuan(fen: number | string | bigint): string {
  const n = BigInt(fen);
  const sign = n < 0n ? '-' : '';
  const a = n < 0n ? -n : n;
  return `${sign}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
}
