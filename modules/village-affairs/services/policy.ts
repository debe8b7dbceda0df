import { z } from 'zod';
import { meetsShare, modulePolicy, type Policy } from '#module-kit';
import { STANDARD_DISCLOSURES } from '../enums';

/** A share of a whole: `atLeast` 2/3 means part × 3 ≥ whole × 2; otherwise strictly more than. */
const shareRule = z
  .object({ numerator: z.number().int().min(1), denominator: z.number().int().min(1), atLeast: z.boolean() })
  .refine((s) => s.numerator <= s.denominator, 'a share is at most one');
export type Share = z.infer<typeof shareRule>;

const TWO_THIRDS: Share = { numerator: 2, denominator: 3, atLeast: true };
const MORE_THAN_HALF: Share = { numerator: 1, denominator: 2, atLeast: false };

/** Whether share `s` asks at least as much as `floor` ("more than 1/2" asks more than "at least 1/2"). */
export function atLeastAsStrict(s: Share, floor: Share): boolean {
  const a = s.numerator * floor.denominator;
  const b = floor.numerator * s.denominator;
  return a > b || (a === b && (!s.atLeast || floor.atLeast));
}

const describeShare = (s: Share) => `${s.atLeast ? 'at least' : 'more than'} ${s.numerator}/${s.denominator}`;

/** A share a locality may raise but not lower below the rule's own (`floor`). */
const shareAtLeast = (floor: Share, what: string) =>
  shareRule.refine((s) => atLeastAsStrict(s, floor), `${what} cannot be less than ${describeShare(floor)}`);

const cadence = z.object({
  /**
   * Every how many months a disclosure is due; periods are aligned to the calendar year (1 = monthly,
   * 3 = quarterly).
   */
  everyMonths: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(6), z.literal(12)]),
  /**
   * Days after the period's end by which it must be published; at least one, since only a disclosure
   * published after its period ended can cover all of it.
   */
  withinDays: z.number().int().min(1).max(90),
  title: z.string().min(1).optional(),
});
export type Cadence = z.infer<typeof cadence>;

/** docs/RULES.md defaults (四议两公开, 村务公开); each a policy a locality may change under modules.village-affairs. */
const schema = z.object({
  /**
   * Members' assembly (审议). Both shares are of the members entitled to vote (支部工作条例; 发展党员工作细则
   * art. 23): quorum by default at least 2/3 (the 四议两公开 practice; the party's floor is more than
   * half), adopted by more than half of the entitled in favour (the floor; a locality may ask more).
   */
  review: z
    .object({
      quorum: shareAtLeast(MORE_THAN_HALF, "the members' assembly's quorum"),
      adoption: shareAtLeast(MORE_THAN_HALF, "the members' assembly's adoption"),
    })
    .default({ quorum: TWO_THIRDS, adoption: MORE_THAN_HALF }),
  /**
   * Villagers' representatives' meeting (决议, 村民委员会组织法 art. 26): at least 2/3 present; more than half
   * of those present.
   */
  representativesMeeting: z
    .object({
      quorum: shareAtLeast(TWO_THIRDS, "the representatives' meeting's quorum"),
      adoption: shareAtLeast(MORE_THAN_HALF, "the representatives' meeting's adoption"),
    })
    .default({ quorum: TWO_THIRDS, adoption: MORE_THAN_HALF }),
  /**
   * Villagers' meeting (决议, art. 22): more than half of the villagers aged 18 or over present, OR the
   * representatives of at least 2/3 of the households; decided by more than half of those present.
   */
  villagersMeeting: z
    .object({
      quorum: shareAtLeast(MORE_THAN_HALF, "the villagers' meeting's quorum"),
      householdQuorum: shareAtLeast(TWO_THIRDS, "the villagers' meeting's household quorum"),
      adoption: shareAtLeast(MORE_THAN_HALF, "the villagers' meeting's adoption"),
    })
    .default({ quorum: MORE_THAN_HALF, householdQuorum: TWO_THIRDS, adoption: MORE_THAN_HALF }),
  /**
   * Days the resolution stays disclosed before execution starts (决议公开): counted from the day after
   * the disclosure (Civil Code art. 201); execution may start the day after the last one. 0: the same day.
   */
  resolutionDisclosureDays: z.number().int().min(0).max(60).default(7),
  /**
   * When a disclosure or a feedback reply is entered into the register long after the date it declares:
   * more than `graceDays` after it, it is flagged, and judged by the day it was recorded (`RECORDED`) or by
   * the declared day (`DECLARED`).
   */
  lateRecords: z
    .object({
      graceDays: z.number().int().min(0).max(90).default(7),
      judgeBy: z.enum(['RECORDED', 'DECLARED']).default('RECORDED'),
    })
    .default({ graceDays: 7, judgeBy: 'RECORDED' }),
  /**
   * Disclosure schedule per category; finance monthly, the rest quarterly, each within 10 days.
   * Localities add their own categories here (and keep retired ones, with a title).
   */
  disclosures: z.record(z.string().regex(/^[A-Z][A-Z0-9_]{1,39}$/), cadence).default({}),
  /** Feedback not answered within this many days is flagged (事事有交待，件件有回音). */
  feedbackReplyDays: z.number().int().min(1).max(90).default(15),
  /** Disclosures and feedback replies are reminded this many days before they are due, and while overdue. */
  remindDaysBefore: z.number().int().min(0).max(60).default(3),
  /**
   * Per category, how many of its latest periods come due are reminded (DISCLOSURE_DUE): 2, the current
   * period and the one before it; older unpublished ones close and stay on `dueDisclosures` as MISSING.
   */
  remindPeriods: z.number().int().min(1).max(24).default(2),
});

type Parsed = z.infer<typeof schema>;
export type MeetingRule = { quorum: Share; adoption: Share; householdQuorum?: Share };

export interface VillageAffairsPolicy extends Omit<Parsed, 'disclosures'> {
  /** Every category with its cadence: the standard ones (unless overridden) and the locality's own. */
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

/** Whether `part` of `whole` meets the share (the kit's rule, shared with every assembly vote). */
export const meets = (part: number, whole: number, s: Share): boolean => meetsShare(part, whole, s);

/** A meeting's count: those entitled, present, for; and, for a villagers' meeting, its households. */
export interface MeetingCount {
  entitled: number;
  present: number;
  votesFor: number;
  households?: number | null;
  householdsPresent?: number | null;
}

export interface MeetingJudgement {
  /** Quorum met: the meeting could decide. */
  quorum: boolean;
  /** Adopted (only with quorum). */
  adopted: boolean;
  verdict: string;
}

/**
 * A meeting's count judged by its rule. Quorum on those entitled (or, where the rule has one, the
 * households represented); adoption on those entitled (`ENTITLED`, the members' assembly) or on those
 * present (`PRESENT`, the villagers' meetings). Without quorum the meeting is void: no vote counts.
 */
export function judgeMeeting(
  rule: MeetingRule,
  base: 'ENTITLED' | 'PRESENT',
  c: MeetingCount,
  who: string,
): MeetingJudgement {
  const byPeople = meets(c.present, c.entitled, rule.quorum);
  const people = `present ${c.present} of ${c.entitled} ${who}`;
  let quorum = byPeople;
  let head = `${people}: quorum (${describeShare(rule.quorum)}) ${byPeople ? 'met' : 'not met'}`;
  if (rule.householdQuorum && c.households != null && c.householdsPresent != null) {
    const byHouseholds = meets(c.householdsPresent, c.households, rule.householdQuorum);
    quorum = byPeople || byHouseholds;
    head =
      `${people} (${describeShare(rule.quorum)}: ${byPeople ? 'met' : 'not met'}) or household representatives ` +
      `${c.householdsPresent} of ${c.households} households (${describeShare(rule.householdQuorum)}: ${byHouseholds ? 'met' : 'not met'}): quorum ${quorum ? 'met' : 'not met'}`;
  }
  if (!quorum)
    return { quorum, adopted: false, verdict: `${head}: void, nothing decided; the meeting is called again` };
  const whole = base === 'ENTITLED' ? c.entitled : c.present;
  const of = base === 'ENTITLED' ? 'entitled' : 'present';
  const adopted = meets(c.votesFor, whole, rule.adoption);
  const parts = [
    head,
    `for ${c.votesFor} of ${whole} ${of}: ${adopted ? 'adopted' : 'not adopted'} (${describeShare(rule.adoption)} of those ${of} needed)`,
  ];
  return { quorum, adopted, verdict: parts.join('; ') };
}
