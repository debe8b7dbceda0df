import { z } from 'zod';
import { modulePolicy, type Policy } from '#module-kit';
import { STANDARD_DISCLOSURES } from '../enums';

/** A share of a whole: `atLeast` 2/3 means present × 3 ≥ eligible × 2; otherwise strictly more than. */
const shareRule = z
  .object({ numerator: z.number().int().min(1), denominator: z.number().int().min(1), atLeast: z.boolean() })
  .refine((s) => s.numerator <= s.denominator, 'a share is at most one');
export type Share = z.infer<typeof shareRule>;

const cadence = z.object({
  /**
   * Every how many months a disclosure is due; periods are aligned to the calendar year (1 = monthly,
   * 3 = quarterly).
   */
  everyMonths: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(6), z.literal(12)]),
  /** Days after the period's end by which it must be published. */
  withinDays: z.number().int().min(0).max(90),
  title: z.string().min(1).optional(),
});
export type Cadence = z.infer<typeof cadence>;

const meeting = z.object({ quorum: shareRule, adoption: shareRule });
export type MeetingRule = z.infer<typeof meeting>;

const TWO_THIRDS: Share = { numerator: 2, denominator: 3, atLeast: true };
const MORE_THAN_HALF: Share = { numerator: 1, denominator: 2, atLeast: false };

/** docs/RULES.md defaults (四议两公开, 村务公开); each a policy a locality may change under modules.village-affairs. */
const schema = z.object({
  /** Members' assembly (审议): at least 2/3 of full members present; adopted by more than half of those present. */
  review: meeting.default({ quorum: TWO_THIRDS, adoption: MORE_THAN_HALF }),
  /** Villagers' representatives' meeting (决议): at least 2/3 present; more than half of those present. */
  representativesMeeting: meeting.default({ quorum: TWO_THIRDS, adoption: MORE_THAN_HALF }),
  /** Villagers' meeting (决议): more than half of adult villagers present; more than half of those present. */
  villagersMeeting: meeting.default({ quorum: MORE_THAN_HALF, adoption: MORE_THAN_HALF }),
  /**
   * Disclosure schedule per category; finance monthly, the rest quarterly, each within 10 days.
   * Localities add their own categories here.
   */
  disclosures: z.record(z.string().regex(/^[A-Z][A-Z0-9_]{1,39}$/), cadence).default({}),
  /** Feedback not answered within this many days is flagged (事事有交待，件件有回音). */
  feedbackReplyDays: z.number().int().min(1).max(90).default(15),
});

export interface VillageAffairsPolicy extends Omit<z.infer<typeof schema>, 'disclosures'> {
  /** Every category with its cadence: the eight standard ones (unless overridden) and the locality's own. */
  disclosures: Record<string, Cadence & { title: string }>;
}

export function villageAffairsPolicy(policy: Policy): VillageAffairsPolicy {
  const parsed = modulePolicy(policy, 'village-affairs', schema);
  const disclosures: VillageAffairsPolicy['disclosures'] = {};
  for (const [code, title] of Object.entries(STANDARD_DISCLOSURES))
    disclosures[code] = { everyMonths: code === 'FINANCE' ? 1 : 3, withinDays: 10, title };
  for (const [code, c] of Object.entries(parsed.disclosures)) {
    const title = c.title ?? disclosures[code]?.title;
    if (!title)
      throw new Error(
        `Invalid policy modules.village-affairs: disclosures.${code} is a locality's own category and needs a title`,
      );
    disclosures[code] = { ...c, title };
  }
  return { ...parsed, disclosures };
}

/** Whether `part` of `whole` meets the share, in integers (no rounding: 2/3 of 10 is 6.67, so 7 is needed). */
export function meets(part: number, whole: number, s: Share): boolean {
  return s.atLeast ? part * s.denominator >= whole * s.numerator : part * s.denominator > whole * s.numerator;
}

const describeShare = (s: Share) => `${s.atLeast ? 'at least' : 'more than'} ${s.numerator}/${s.denominator}`;

/** A meeting's count judged by its rule: quorum of those entitled, then adoption by those present. */
export function judgeMeeting(
  rule: MeetingRule,
  eligible: number,
  present: number,
  votesFor: number,
  who: string,
): { adopted: boolean; verdict: string } {
  const quorum = meets(present, eligible, rule.quorum);
  const adopted = quorum && meets(votesFor, present, rule.adoption);
  const verdict = [
    `present ${present} of ${eligible} ${who}: quorum (${describeShare(rule.quorum)}) ${quorum ? 'met' : 'not met'}`,
    quorum
      ? `for ${votesFor} of ${present} present: ${adopted ? 'adopted' : 'not adopted'} (${describeShare(rule.adoption)} needed)`
      : 'no valid vote',
  ].join('; ');
  return { adopted, verdict };
}
