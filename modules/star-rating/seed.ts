import { bulkInsert, type OrgUnit, type SeedContext } from '#module-kit';
import { CriterionKind, SubjectType } from './enums';
import { MODULE } from './services';
import { quarterEnd, StarService, type NewCriterion } from './services/star.service';

const R = CriterionKind.REGULAR;
const D = CriterionKind.DEDUCTION;
const V = CriterionKind.VETO;
/** A default scheme after seed 001's description; localities copy and change it. */
const DEFAULTS: Record<SubjectType, { name: string; thresholds: number[]; criteria: NewCriterion[] }> = {
  [SubjectType.MEMBER]: {
    name: '党员先锋星（默认方案）',
    thresholds: [20, 40, 60, 80, 100],
    criteria: [
      { code: 'M01', title: '参加三会一课', kind: R, points: 2, perQuantity: true, cap: 40 },
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
      { code: 'B02', title: '党务村务按时公开', kind: R, points: 5, perQuantity: true, cap: 20 },
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
      { code: 'C01', title: '指导支部规范化建设', kind: R, points: 10, perQuantity: true, cap: 60 },
      { code: 'C02', title: '党群服务中心常态运行', kind: R, points: 10, perQuantity: true, cap: 40 },
      { code: 'C03', title: '协调解决群众难题', kind: R, points: 5, perQuantity: true, cap: 60 },
      { code: 'D01', title: '年度考核排名末位', kind: D, points: -20 },
    ],
  },
};

/**
 * This year's score book for the first county (one township has not switched the module on): the
 * default schemes at the city, the county's own copy for members, entries month by month — most
 * confirmed, the latest month partly awaiting confirmation — one veto, one star deduction, and the
 * official grades of every quarter that has ended.
 */
export async function seedStarRating(ctx: SeedContext): Promise<void> {
  const { tx, random: r, tree, today } = ctx;
  const year = Number(today.slice(0, 4));
  const stars = new StarService();
  const county = tree.countyIds[0];
  await ctx.setModuleEnabled(county, MODULE, true);
  const units: OrgUnit[] = await tx.query(
    `SELECT id, kind, path, parent_id AS "parentId", name FROM org_unit WHERE dissolved_on IS NULL`,
  );
  const byId = new Map(units.map((u) => [u.id, u]));
  const countyUnit = byId.get(county)!;
  const townships = units.filter((u) => tree.townshipIds.includes(u.id) && u.path.startsWith(countyUnit.path));
  const optedOut = townships[1];
  await ctx.setModuleEnabled(optedOut.id, MODULE, false);
  const active = (path: string) => path.startsWith(countyUnit.path) && !path.startsWith(optedOut.path);

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
      `SELECT id FROM sr_scheme WHERE unit_id = $1 AND year = $2 AND subject_type = $3`,
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
        ]);
      }
    }
  }
  // One member vetoed (a disciplinary sanction) and one branch losing a star (listed as weak and lax).
  const veto = schemes.get(SubjectType.MEMBER)!.criteria.find((c) => c.code === 'V01')!;
  const vetoed = subjects.find((s) => s.type === SubjectType.MEMBER)!;
  entries.push([veto.id, vetoed.id, vetoed.unitId, `${year}-03-15`, 1, 0, '受到党内警告处分', 'CONFIRMED']);
  const lax = schemes.get(SubjectType.BRANCH)!.criteria.find((c) => c.code === 'D01')!;
  const laxBranch = subjects.filter((s) => s.type === SubjectType.BRANCH)[3];
  entries.push([lax.id, laxBranch.id, laxBranch.unitId, `${year}-02-20`, 1, 0, '被列为软弱涣散党组织', 'CONFIRMED']);
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
    ],
    entries,
  );
  // The tables were just filled inside this transaction: give the planner statistics before grading.
  await tx.query('ANALYZE sr_entry, sr_criterion, sr_scheme, member, org_unit');
  let fixed = 0;
  for (let q = 1; q <= 4; q++) {
    if (quarterEnd(year, q) >= today) break;
    for (const type of Object.values(SubjectType))
      fixed += await stars.fixQuarter(tx, countyUnit, type, year, q, today);
  }
  ctx.log.info({ subjects: subjects.length, entries: entries.length, quarterGrades: fixed }, 'star rating demo data');
}
