import { bulkInsert, type OrgUnit, plusDays, type SeedContext } from '#module-kit';
import { CriterionKind, CriterionSource, SubjectType } from './enums';
import { MODULE } from './services';
import { confirmModelStar } from './services/model-star';
import { starPolicy } from './services/policy';
import { quarterEnd, recordBy, StarService, type NewCriterion } from './services/star.service';

const R = CriterionKind.REGULAR;
const D = CriterionKind.DEDUCTION;
const V = CriterionKind.VETO;
/** A default scheme after seed 001's description; localities copy and change it. */
const DEFAULTS: Record<SubjectType, { name: string; thresholds: number[]; criteria: NewCriterion[] }> = {
  [SubjectType.MEMBER]: {
    name: '党员先锋星（默认方案）',
    thresholds: [20, 40, 60, 80, 100],
    criteria: [
      {
        code: 'M01',
        title: '参加三会一课',
        kind: R,
        points: 2,
        perQuantity: true,
        cap: 40,
        source: CriterionSource.ORGANISATIONAL_LIFE,
      },
      { code: 'M02', title: '参加主题党日活动', kind: R, points: 3, perQuantity: true, cap: 36 },
      { code: 'M03', title: '做义工、志愿服务', kind: R, points: 2, perQuantity: true, cap: 30 },
      { code: 'M04', title: '献血捐款', kind: R, points: 5, cap: 10 },
      { code: 'M05', title: '结对帮扶群众', kind: R, points: 5, perQuantity: true, cap: 20 },
      { code: 'M06', title: '带头发展产业、致富带富（农村党员）', kind: R, points: 10, memberCategory: 'RURAL' },
      {
        code: 'M07',
        title: '参与社区网格服务（社区党员）',
        kind: R,
        points: 3,
        perQuantity: true,
        cap: 30,
        memberCategory: 'COMMUNITY',
      },
      { code: 'D01', title: '无故不参加组织生活', kind: D, points: -5, perQuantity: true },
      { code: 'D02', title: '不按时交纳党费', kind: D, points: 0, starsOff: 1 },
      { code: 'V01', title: '受到党纪处分', kind: V, points: 0 },
    ],
  },
  [SubjectType.BRANCH]: {
    name: '支部堡垒星（默认方案）',
    thresholds: [30, 60, 90, 120, 150],
    criteria: [
      { code: 'B01', title: '规范开展三会一课', kind: R, points: 5, perQuantity: true, cap: 60 },
      { code: 'B02', title: '党务村务按时公开', kind: R, points: 5, perQuantity: true, cap: 40 },
      { code: 'B03', title: '为群众办实事', kind: R, points: 4, perQuantity: true, cap: 40 },
      { code: 'B04', title: '规范发展党员', kind: R, points: 10 },
      { code: 'D01', title: '被列为软弱涣散党组织', kind: D, points: 0, starsOff: 2 },
      { code: 'V01', title: '发生严重违纪案件', kind: V, points: 0 },
    ],
  },
  [SubjectType.COMMITTEE]: {
    name: '党委服务星（默认方案）',
    thresholds: [40, 80, 120, 160, 200],
    criteria: [
      { code: 'C01', title: '指导支部规范化建设', kind: R, points: 10, perQuantity: true, cap: 80 },
      { code: 'C02', title: '党群服务中心常态运行', kind: R, points: 10, perQuantity: true, cap: 40 },
      { code: 'C03', title: '协调解决群众难题', kind: R, points: 5, perQuantity: true, cap: 80 },
      { code: 'D01', title: '年度考核排名末位', kind: D, points: -20 },
    ],
  },
};

/**
 * This year's score book for the first county (one township has not switched the module on): the
 * default schemes at the city, the county's own copy for members, entries month by month — most
 * confirmed, the latest month partly awaiting confirmation, each recorded within the month after
 * its own — one veto, one star deduction, half the members without a score book (not rated), and
 * the official grades of every quarter whose recording window has closed. Last year, for the
 * model star (示范星): an exemplary village branch and its members, confirmed by the county; a
 * second the rule proposes, not yet confirmed; a third at five stars kept out by a vetoed member.
 */
export async function seedStarRating(ctx: SeedContext): Promise<void> {
  const { tx, random: r, tree, today } = ctx;
  const year = Number(today.slice(0, 4));
  const policy = starPolicy(ctx.policy);
  const stars = new StarService(policy, null);
  /** Demo data added after the first version draw from a stream of their own: other modules' data stay as they were. */
  const extra = stream(20261125);
  /** When an entry for `day` was recorded: within a few days, never after today or its window. */
  const recordedAt = (day: string) => {
    const window = recordBy(day, policy.recordWithinMonthsAfter) ?? today;
    let at = plusDays(day, extra.int(0, 10));
    if (at > window) at = window;
    if (at > today) at = today;
    return `${at} 18:00:00`;
  };
  const county = tree.countyIds[0];
  await ctx.setModuleEnabled(county, MODULE, true);
  const units: OrgUnit[] = await tx.query(
    `SELECT id, kind, path, parent_id AS "parentId", name, sector FROM org_unit WHERE dissolved_on IS NULL`,
  );
  const byId = new Map(units.map((u) => [u.id, u]));
  const countyUnit = byId.get(county)!;
  const townships = units.filter((u) => tree.townshipIds.includes(u.id) && u.path.startsWith(countyUnit.path));
  const optedOut = townships[1];
  await ctx.setModuleEnabled(optedOut.id, MODULE, false);
  const active = (path: string) => path.startsWith(countyUnit.path) && !path.startsWith(optedOut.path);
  await confirmEarlierYears(ctx, countyUnit.path, year);

  const schemes = new Map<
    SubjectType,
    {
      id: number;
      criteria: {
        id: number;
        code: string;
        kind: string;
        points: number;
        perQuantity: boolean;
        memberCategory: string | null;
        starsOff: number;
      }[];
    }
  >();
  for (const type of Object.values(SubjectType)) {
    // The city's scheme exists already when the seed runs for a second county (benchmark data).
    const [existing] = await tx.query(
      `SELECT id, subject_type AS "subjectType" FROM sr_scheme WHERE unit_id = $1 AND year = $2 AND subject_type = $3`,
      [tree.cityId, year, type],
    );
    const base =
      existing ??
      (await stars.createScheme(tx, byId.get(tree.cityId)!, { year, subjectType: type, ...DEFAULTS[type] }, null));
    // The county copies the member scheme and raises the bar, as a locality may.
    const scheme =
      type === SubjectType.MEMBER
        ? await stars.createScheme(
            tx,
            countyUnit,
            { year, subjectType: type, name: '临江县党员先锋星', thresholds: [25, 45, 65, 85, 105], criteria: [] },
            base,
          )
        : base;
    schemes.set(type, {
      id: scheme.id,
      criteria: await tx.query(
        `SELECT id, code, kind, points, per_quantity AS "perQuantity", member_category AS "memberCategory", stars_off AS "starsOff" FROM sr_criterion WHERE scheme_id = $1`,
        [scheme.id],
      ),
    });
  }

  /**
   * Last year (示范星): the default schemes at the city; three village branches and their members
   * scored through the year. The first: five stars, every member at four or five (the model star,
   * confirmed below); the second: five stars, most members at four or more (proposed, not yet
   * confirmed); the third: five stars, but one member vetoed (not proposed).
   */
  let exemplary: OrgUnit | null = null;
  async function lastYearsModelStars() {
    const last = year - 1;
    const ids = new Map<SubjectType, Map<string, number>>();
    for (const type of [SubjectType.MEMBER, SubjectType.BRANCH]) {
      // Scored under the scheme that applies to the county's branches that year: the nearest up the
      // county's path (its own copy, when an earlier year of demo history made one), else the city's.
      const [existing] = await tx.query(
        `SELECT sc.id, sc.subject_type AS "subjectType" FROM sr_scheme sc JOIN org_unit a ON a.id = sc.unit_id
         WHERE sc.year = $1 AND sc.subject_type = $2 AND $3 >= a.path AND $3 < a.path || '~'
         ORDER BY a.depth DESC LIMIT 1`,
        [last, type, countyUnit.path],
      );
      const scheme =
        existing ??
        (await stars.createScheme(
          tx,
          byId.get(tree.cityId)!,
          { year: last, subjectType: type, ...DEFAULTS[type] },
          null,
        ));
      const rows: { id: number; code: string }[] = await tx.query(
        `SELECT id, code FROM sr_criterion WHERE scheme_id = $1`,
        [scheme.id],
      );
      ids.set(type, new Map(rows.map((c) => [c.code, c.id])));
    }
    const branches = units
      .filter((u) => u.kind === 'BRANCH' && tree.grassrootsBranchIds.includes(u.id) && active(u.path))
      .slice(5, 8);
    const row = (
      type: SubjectType,
      code: string,
      subject: number,
      unit: number,
      day: string,
      quantity: number,
      points: number,
    ) =>
      entries.push([
        ids.get(type)!.get(code)!,
        subject,
        unit,
        `${last}-${day}`,
        quantity,
        points,
        '记分手册',
        'CONFIRMED',
        `${last}-${day} 18:00:00`,
      ]);
    for (const [k, branch] of branches.entries()) {
      // The branch: 60 + 40 + 40 + 10 = 150, five fortress stars.
      row(SubjectType.BRANCH, 'B04', branch.id, branch.id, '05-20', 1, 10);
      for (const [m, day] of ['03-10', '06-10', '09-10', '12-10'].entries()) {
        row(SubjectType.BRANCH, 'B01', branch.id, branch.id, day, 3, 15);
        if (m < 3) row(SubjectType.BRANCH, 'B02', branch.id, branch.id, day, 4, 20);
        row(SubjectType.BRANCH, 'B03', branch.id, branch.id, day, 3, 12);
      }
      const members: { id: number; category: string }[] = await tx.query(
        `SELECT id, category FROM member WHERE branch_id = $1 AND status <> 'DEPARTED' ORDER BY id`,
        [branch.id],
      );
      members.forEach((m, i) => {
        // 40 + 36 + 10 = 86 (four stars), and 30 more for most (five); the second branch has three at two stars.
        const weak = k === 1 && i < 3;
        row(SubjectType.MEMBER, 'M01', m.id, branch.id, '04-15', 20, 40);
        if (!weak) row(SubjectType.MEMBER, 'M02', m.id, branch.id, '07-15', 12, 36);
        row(SubjectType.MEMBER, 'M04', m.id, branch.id, '10-15', 1, 5);
        if (!weak) row(SubjectType.MEMBER, 'M04', m.id, branch.id, '11-15', 1, 5);
        if (extra.chance(0.6)) row(SubjectType.MEMBER, 'M03', m.id, branch.id, '11-20', 15, 30);
        if (k === 2 && i === 0) row(SubjectType.MEMBER, 'V01', m.id, branch.id, '08-01', 1, 0);
      });
    }
    exemplary = branches[0] ?? null;
  }

  const members: { id: number; branch_id: number; category: string }[] = await tx.query(
    `SELECT m.id, m.branch_id, m.category FROM member m JOIN org_unit b ON b.id = m.branch_id WHERE m.status <> 'DEPARTED' ORDER BY m.id`,
  );
  const subjects: { type: SubjectType; id: number; unitId: number; category?: string }[] = [
    ...members
      .filter((m) => active(byId.get(m.branch_id)!.path) && r.chance(0.5))
      .map((m) => ({ type: SubjectType.MEMBER, id: m.id, unitId: m.branch_id, category: m.category })),
    ...units
      .filter((u) => u.kind === 'BRANCH' && active(u.path))
      .map((u) => ({ type: SubjectType.BRANCH, id: u.id, unitId: u.id })),
    ...units
      .filter(
        (u) =>
          ['TOWNSHIP_COMMITTEE', 'SUBDISTRICT_COMMITTEE', 'GRASSROOTS_COMMITTEE'].includes(u.kind) && active(u.path),
      )
      .map((u) => ({ type: SubjectType.COMMITTEE, id: u.id, unitId: u.id })),
  ];
  const month = Number(today.slice(5, 7));
  const entries: unknown[][] = [];
  for (const s of subjects) {
    const criteria = schemes
      .get(s.type)!
      .criteria.filter((c) => c.kind === 'REGULAR' && (!c.memberCategory || c.memberCategory === s.category));
    const diligence = r.next();
    for (let m = 1; m <= month; m++) {
      for (const c of criteria) {
        if (!r.chance(0.25 + diligence * 0.5)) continue;
        const day = `${year}-${String(m).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
        if (day > today) continue;
        const quantity = c.perQuantity ? r.int(1, 2) : 1;
        const confirmed = m < month || r.chance(0.7);
        entries.push([
          c.id,
          s.id,
          s.unitId,
          day,
          quantity,
          c.perQuantity ? c.points * quantity : c.points,
          '记分手册',
          confirmed ? 'CONFIRMED' : 'RECORDED',
          recordedAt(day),
        ]);
      }
    }
  }
  // One member vetoed (a disciplinary sanction) and one branch losing a star (listed as weak and lax).
  const veto = schemes.get(SubjectType.MEMBER)!.criteria.find((c) => c.code === 'V01')!;
  const vetoed = subjects.find((s) => s.type === SubjectType.MEMBER)!;
  entries.push([
    veto.id,
    vetoed.id,
    vetoed.unitId,
    `${year}-03-15`,
    1,
    0,
    '受到党内警告处分',
    'CONFIRMED',
    `${year}-03-16 10:00:00`,
  ]);
  const lax = schemes.get(SubjectType.BRANCH)!.criteria.find((c) => c.code === 'D01')!;
  const laxBranch = subjects.filter((s) => s.type === SubjectType.BRANCH)[3];
  entries.push([
    lax.id,
    laxBranch.id,
    laxBranch.unitId,
    `${year}-02-20`,
    1,
    0,
    '被列为软弱涣散党组织',
    'CONFIRMED',
    `${year}-02-21 10:00:00`,
  ]);
  await lastYearsModelStars();
  await bulkInsert(
    tx,
    'sr_entry',
    [
      ['criterion_id', 'int'],
      ['subject_id', 'int'],
      ['subject_unit_id', 'int'],
      ['occurred_on', 'date'],
      ['quantity', 'int'],
      ['points', 'int'],
      ['evidence', 'text'],
      ['status', 'text'],
      ['recorded_at', 'timestamptz'],
    ],
    entries,
  );
  // The tables were just filled inside this transaction: give the planner statistics before grading.
  await tx.query('ANALYZE sr_entry, sr_criterion, sr_scheme, member, org_unit');
  // A quarter is fixed once its recording window has closed (the day after the next month's end).
  let fixed = 0;
  const fixQuarter = async (y: number, q: number, type: SubjectType) => {
    const on = plusDays(recordBy(quarterEnd(y, q), policy.recordWithinMonthsAfter) ?? quarterEnd(y, q), 1);
    if (on > today) return;
    const at = new Date(`${on}T09:00:00+08:00`);
    fixed += (await stars.fixQuarter(tx, countyUnit, type, y, q, { actorId: null, at, today: on })).fixed;
  };
  for (let q = 1; q <= 4; q++) for (const type of Object.values(SubjectType)) await fixQuarter(year, q, type);
  for (const type of [SubjectType.MEMBER, SubjectType.BRANCH]) await fixQuarter(year - 1, 4, type);
  await tx.query('ANALYZE sr_quarter_grade');
  // The county confirms last year's model star the rule proposes for the exemplary branch (in February).
  if (exemplary && `${year}-02-10` <= today)
    await confirmModelStar(
      tx,
      policy,
      exemplary,
      SubjectType.BRANCH,
      countyUnit,
      year - 1,
      '经县委组织部综合评定：支部堡垒星五星，党员全部四星以上，同意确认为党建示范星',
      { actorId: null, at: new Date(`${year}-02-10T10:00:00+08:00`), today: `${year}-02-10` },
    );
  ctx.log.info({ subjects: subjects.length, entries: entries.length, quarterGrades: fixed }, 'star rating demo data');
}

/**
 * Replaying history (`seedDemo`'s `historyYears`), the county's entries an earlier year left awaiting
 * confirmation (its latest month) are confirmed first, three days after their recording, as the
 * branches would before the quarter's grades are fixed (the service refuses to confirm after): else they
 * would wait for ever and be left out of that quarter's fixed grades, which this year's seed fixes for
 * the fourth quarter. The one-year demo has none.
 */
async function confirmEarlierYears(ctx: SeedContext, countyPath: string, year: number): Promise<void> {
  await ctx.tx.query(
    `UPDATE sr_entry e SET status = 'CONFIRMED', confirmed_at = e.recorded_at + interval '3 days'
     FROM org_unit u WHERE u.id = e.subject_unit_id AND u.path LIKE $1 || '%'
       AND e.status = 'RECORDED' AND e.occurred_on < make_date($2, 1, 1)`,
    [countyPath, year],
  );
}

/** A deterministic random stream of its own (mulberry32), for demo data added after the first version. */
function stream(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
  };
}
