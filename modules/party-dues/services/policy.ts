import { z } from 'zod';
import { modulePolicy, type Policy } from '#module-kit';

/** One band: incomes up to `upToFen` (inclusive; null: no upper limit) pay `basisPoints` / 10,000 of it. */
const band = z.object({ upToFen: z.number().int().min(0).nullable(), basisPoints: z.number().int().min(0).max(10000) });

const bands = (defaults: { upToFen: number | null; basisPoints: number }[]) =>
  z
    .array(band)
    .min(1)
    .refine(
      (xs) =>
        xs[xs.length - 1].upToFen === null &&
        xs.slice(0, -1).every((x, i) => x.upToFen !== null && (i === 0 || x.upToFen > xs[i - 1].upToFen!)),
      'bands rising, the last without an upper limit (upToFen: null)',
    )
    .default(defaults);

/** The module's section of the policy file (`modules.party-dues`); defaults and sources in docs/RULES.md. */
const schema = z.object({
  /** Pay (monthly, after tax): ≤ 3,000 yuan 0.5 %, ≤ 5,000 1 %, ≤ 10,000 1.5 %, above 2 %. */
  salaryBands: bands([
    { upToFen: 300000, basisPoints: 50 },
    { upToFen: 500000, basisPoints: 100 },
    { upToFen: 1000000, basisPoints: 150 },
    { upToFen: null, basisPoints: 200 },
  ]),
  /** Pensions of retired members: ≤ 5,000 yuan 0.5 %, above 1 %. */
  pensionBands: bands([
    { upToFen: 500000, basisPoints: 50 },
    { upToFen: null, basisPoints: 100 },
  ]),
  /** Rural members who farm: a flat amount between 0.20 and 1.00 yuan a month. */
  farmerMonthlyFen: z.number().int().min(20).max(100).default(20),
  /** Students, the unemployed, subsistence-allowance recipients: 0.20 yuan a month. */
  lowIncomeMonthlyFen: z.number().int().min(0).max(100).default(20),
});

export type DuesPolicy = z.infer<typeof schema>;

export function duesPolicy(policy: Policy): DuesPolicy {
  return modulePolicy(policy, 'party-dues', schema);
}
