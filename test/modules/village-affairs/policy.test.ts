import { defaultPolicy } from '../../../src/policy';
import { judgeMeeting, meets, villageAffairsPolicy } from '../../../modules/village-affairs/services/policy';

const policy = villageAffairsPolicy(defaultPolicy());

describe('quorum and majority arithmetic at its edges (docs/RULES.md defaults)', () => {
  test("members' assembly: at least 2/3 of full members present, in integers", () => {
    const q = policy.review.quorum;
    expect([meets(6, 9, q), meets(5, 9, q)]).toEqual([true, false]); // exactly 2/3
    expect([meets(7, 10, q), meets(6, 10, q)]).toEqual([true, false]); // 6.67 needs 7
    expect([meets(2, 3, q), meets(1, 3, q)]).toEqual([true, false]);
  });

  test('adoption: strictly more than half of those present', () => {
    const a = policy.review.adoption;
    expect([meets(4, 6, a), meets(3, 6, a)]).toEqual([true, false]); // half is not enough
    expect([meets(4, 7, a), meets(3, 7, a)]).toEqual([true, false]);
    expect(meets(1, 1, a)).toBe(true);
  });

  test("representatives' meeting: 2/3 present then more than half; villagers' meeting: more than half present", () => {
    expect(judgeMeeting(policy.representativesMeeting, 30, 20, 11, 'representatives').adopted).toBe(true);
    expect(judgeMeeting(policy.representativesMeeting, 30, 19, 19, 'representatives')).toEqual({
      adopted: false,
      verdict: 'present 19 of 30 representatives: quorum (at least 2/3) not met; no valid vote',
    });
    expect(judgeMeeting(policy.representativesMeeting, 30, 20, 10, 'representatives').verdict).toBe(
      'present 20 of 30 representatives: quorum (at least 2/3) met; for 10 of 20 present: not adopted (more than 1/2 needed)',
    );
    expect(judgeMeeting(policy.villagersMeeting, 100, 50, 50, 'villagers').adopted).toBe(false);
    expect(judgeMeeting(policy.villagersMeeting, 100, 51, 26, 'villagers').adopted).toBe(true);
    expect(judgeMeeting(policy.villagersMeeting, 100, 51, 25, 'villagers').adopted).toBe(false);
  });
});

describe('policy', () => {
  test('the eight standard disclosures: finance monthly, the rest quarterly, within 10 days', () => {
    expect(Object.keys(policy.disclosures).sort()).toEqual([
      'CADRE_PAY',
      'COLLECTIVE_LAND',
      'ELECTRICITY',
      'FAMILY_PLANNING',
      'FEES',
      'FINANCE',
      'MAJOR_DECISIONS',
      'MATERIALS',
    ]);
    expect(policy.disclosures.FINANCE).toMatchObject({ everyMonths: 1, withinDays: 10 });
    expect(policy.disclosures.FEES).toMatchObject({ everyMonths: 3, withinDays: 10 });
    expect(policy.feedbackReplyDays).toBe(15);
  });

  test('a locality overrides a cadence and adds its own category; its own needs a title; bad values are refused by name', () => {
    const local = villageAffairsPolicy({
      ...defaultPolicy(),
      modules: {
        'village-affairs': {
          disclosures: {
            FEES: { everyMonths: 6, withinDays: 15 },
            HOMESTEAD: { everyMonths: 12, withinDays: 30, title: '宅基地审批 — homestead approvals' },
          },
        },
      },
    });
    expect(local.disclosures.FEES).toMatchObject({
      everyMonths: 6,
      withinDays: 15,
      title: expect.stringContaining('税费'),
    });
    expect(local.disclosures.HOMESTEAD.title).toContain('宅基地');
    expect(() =>
      villageAffairsPolicy({
        ...defaultPolicy(),
        modules: { 'village-affairs': { disclosures: { HOMESTEAD: { everyMonths: 12, withinDays: 30 } } } },
      }),
    ).toThrow(/HOMESTEAD.*needs a title/);
    expect(() =>
      villageAffairsPolicy({
        ...defaultPolicy(),
        modules: { 'village-affairs': { disclosures: { FEES: { everyMonths: 5, withinDays: 10 } } } },
      }),
    ).toThrow(/disclosures\.FEES\.everyMonths/);
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
