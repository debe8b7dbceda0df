import { defaultPolicy } from '../../../src/policy';
import { judgeMeeting, meets, villageAffairsPolicy } from '../../../modules/village-affairs/services/policy';

const policy = villageAffairsPolicy(defaultPolicy());

describe('quorum and majority arithmetic at its edges (docs/RULES.md defaults)', () => {
  test("members' assembly quorum: at least 2/3 of those entitled to vote present, in integers", () => {
    const q = policy.review.quorum;
    expect([meets(6, 9, q), meets(5, 9, q)]).toEqual([true, false]); // exactly 2/3
    expect([meets(7, 10, q), meets(6, 10, q)]).toEqual([true, false]); // 6.67 needs 7
    expect([meets(2, 3, q), meets(1, 3, q)]).toEqual([true, false]);
  });

  test("members' assembly adoption: more than half of those ENTITLED in favour, not of those present", () => {
    const review = (entitled: number, present: number, votesFor: number) =>
      judgeMeeting(policy.review, 'ENTITLED', { entitled, present, votesFor }, 'entitled to vote');
    // 4 for, 6 present, 9 entitled: a majority of those present, not of the entitled.
    expect(review(9, 6, 4)).toEqual({
      quorum: true,
      adopted: false,
      verdict:
        'present 6 of 9 entitled to vote: quorum (at least 2/3) met; for 4 of 9 entitled: not adopted (more than 1/2 of those entitled needed)',
    });
    expect(review(9, 6, 5).adopted).toBe(true); // 5 of 9
    expect([review(10, 7, 5).adopted, review(10, 7, 6).adopted]).toEqual([false, true]); // half is not enough
    expect(review(9, 5, 5)).toEqual({
      quorum: false,
      adopted: false,
      verdict:
        'present 5 of 9 entitled to vote: quorum (at least 2/3) not met: void, nothing decided; the meeting is called again',
    });
    expect(review(1, 1, 1).adopted).toBe(true);
  });

  test("representatives' meeting: 2/3 present then more than half of those present", () => {
    const reps = (entitled: number, present: number, votesFor: number) =>
      judgeMeeting(policy.representativesMeeting, 'PRESENT', { entitled, present, votesFor }, 'representatives');
    expect(reps(30, 20, 11).adopted).toBe(true);
    expect(reps(30, 19, 19)).toEqual({
      quorum: false,
      adopted: false,
      verdict:
        'present 19 of 30 representatives: quorum (at least 2/3) not met: void, nothing decided; the meeting is called again',
    });
    expect(reps(30, 20, 10).verdict).toBe(
      'present 20 of 30 representatives: quorum (at least 2/3) met; for 10 of 20 present: not adopted (more than 1/2 of those present needed)',
    );
  });

  test("villagers' meeting: more than half of the adults present, OR at least 2/3 of the households represented (art. 22); more than half of those present", () => {
    const v = (entitled: number, present: number, votesFor: number, households?: number, householdsPresent?: number) =>
      judgeMeeting(
        policy.villagersMeeting,
        'PRESENT',
        { entitled, present, votesFor, households, householdsPresent },
        'villagers aged 18 or over',
      );
    expect([v(100, 50, 50).quorum, v(100, 51, 26).adopted, v(100, 51, 25).adopted]).toEqual([false, true, false]);
    // Fewer than half of the adults, but two thirds of the households: the meeting may decide.
    expect(v(300, 140, 71, 150, 100)).toEqual({
      quorum: true,
      adopted: true,
      verdict:
        'present 140 of 300 villagers aged 18 or over (more than 1/2: not met) or household representatives 100 of 150 households (at least 2/3: met): quorum met; for 71 of 140 present: adopted (more than 1/2 of those present needed)',
    });
    expect(v(300, 140, 71, 150, 99).quorum).toBe(false); // 99 of 150 is short of 2/3
    expect(v(300, 140, 70, 150, 100).adopted).toBe(false); // 70 of 140 is half
  });
});

describe('policy', () => {
  test("the default categories are today's (村民委员会组织法 art. 30): no birth quotas, no farmers' levies, no village electricity charges; finance monthly, the rest quarterly, within 10 days", () => {
    expect(Object.keys(policy.disclosures).sort()).toEqual([
      'CADRE_PAY',
      'COLLECTIVE_LAND',
      'FINANCE',
      'GOVERNMENT_WORK',
      'MAJOR_DECISIONS',
      'MATERIALS',
      'SUBSIDIES',
    ]);
    expect(policy.disclosures.FINANCE).toMatchObject({ everyMonths: 1, withinDays: 10 });
    expect(policy.disclosures.SUBSIDIES).toMatchObject({ everyMonths: 3, withinDays: 10 });
    expect(policy.feedbackReplyDays).toBe(15);
    expect(policy.resolutionDisclosureDays).toBe(7);
    expect(policy.lateRecords).toEqual({ graceDays: 7, judgeBy: 'RECORDED' });
    expect(policy.review).toEqual({
      quorum: { numerator: 2, denominator: 3, atLeast: true },
      adoption: { numerator: 1, denominator: 2, atLeast: false },
    });
  });

  test('a locality may raise a quorum or majority, never lower it below the rule', () => {
    const withReview = (review: object) =>
      villageAffairsPolicy({ ...defaultPolicy(), modules: { 'village-affairs': { review } } });
    const MORE_THAN_HALF = { numerator: 1, denominator: 2, atLeast: false };
    // The party's own floor: more than half of the entitled.
    expect(withReview({ quorum: MORE_THAN_HALF, adoption: MORE_THAN_HALF }).review.quorum).toEqual(MORE_THAN_HALF);
    expect(
      withReview({
        quorum: { numerator: 3, denominator: 4, atLeast: true },
        adoption: { numerator: 2, denominator: 3, atLeast: true },
      }).review.adoption,
    ).toEqual({ numerator: 2, denominator: 3, atLeast: true });
    // At least half lets exactly half through: below the floor.
    expect(() =>
      withReview({ quorum: { numerator: 1, denominator: 2, atLeast: true }, adoption: MORE_THAN_HALF }),
    ).toThrow(/review\.quorum.*cannot be less than more than 1\/2/);
    expect(() =>
      withReview({ quorum: MORE_THAN_HALF, adoption: { numerator: 2, denominator: 5, atLeast: false } }),
    ).toThrow(/review\.adoption/);
    expect(() =>
      villageAffairsPolicy({
        ...defaultPolicy(),
        modules: {
          'village-affairs': {
            villagersMeeting: {
              quorum: MORE_THAN_HALF,
              householdQuorum: { numerator: 1, denominator: 2, atLeast: false },
              adoption: MORE_THAN_HALF,
            },
          },
        },
      }),
    ).toThrow(/villagersMeeting\.householdQuorum.*at least 2\/3/);
  });

  test('a locality overrides a cadence and adds its own category; its own needs a title; bad values are refused by name', () => {
    const local = villageAffairsPolicy({
      ...defaultPolicy(),
      modules: {
        'village-affairs': {
          disclosures: {
            CADRE_PAY: { everyMonths: 6, withinDays: 15 },
            HOMESTEAD: { everyMonths: 12, withinDays: 30, title: '宅基地审批 — homestead approvals' },
            FAMILY_PLANNING: { everyMonths: 3, withinDays: 10, title: '计划生育奖励扶助 — family-planning rewards' },
          },
        },
      },
    });
    expect(local.disclosures.CADRE_PAY).toMatchObject({
      everyMonths: 6,
      withinDays: 15,
      title: expect.stringContaining('村干部报酬'),
    });
    expect(local.disclosures.HOMESTEAD.title).toContain('宅基地');
    // A retired default is the locality's own now: kept with its title.
    expect(local.disclosures.FAMILY_PLANNING).toMatchObject({
      everyMonths: 3,
      title: expect.stringContaining('计划生育'),
    });
    expect(() =>
      villageAffairsPolicy({
        ...defaultPolicy(),
        modules: { 'village-affairs': { disclosures: { FEES: { everyMonths: 3, withinDays: 10 } } } },
      }),
    ).toThrow(/FEES.*needs a title/);
    expect(() =>
      villageAffairsPolicy({
        ...defaultPolicy(),
        modules: { 'village-affairs': { disclosures: { HOMESTEAD: { everyMonths: 12, withinDays: 30 } } } },
      }),
    ).toThrow(/HOMESTEAD.*needs a title/);
    expect(() =>
      villageAffairsPolicy({
        ...defaultPolicy(),
        modules: { 'village-affairs': { disclosures: { MATERIALS: { everyMonths: 5, withinDays: 10 } } } },
      }),
    ).toThrow(/disclosures\.MATERIALS\.everyMonths/);
    // Only a disclosure published after its period ended covers it: due the same day could never be met.
    expect(() =>
      villageAffairsPolicy({
        ...defaultPolicy(),
        modules: { 'village-affairs': { disclosures: { MATERIALS: { everyMonths: 3, withinDays: 0 } } } },
      }),
    ).toThrow(/disclosures\.MATERIALS\.withinDays/);
    expect(() =>
      villageAffairsPolicy({
        ...defaultPolicy(),
        modules: {
          'village-affairs': {
            review: {
              quorum: { numerator: 3, denominator: 2, atLeast: true },
              adoption: { numerator: 1, denominator: 2, atLeast: false },
            },
          },
        },
      }),
    ).toThrow(/review\.quorum/);
  });
});
