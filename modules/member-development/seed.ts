import { bulkInsert, type LocalDate, maxId, plusDays, plusMonths, plusYears, type SeedContext } from '#module-kit';
import { DevelopmentStage as Stage, DevelopmentStep as S } from './enums';
import { MODULE } from './services/module';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['建华', '晓燕', '志强', '丽娟', '海涛', '春梅', '国庆', '玉兰', '文博', '雪梅'];
const EDUCATION = ['SENIOR_SECONDARY', 'JUNIOR_COLLEGE', 'BACHELOR', 'JUNIOR_SECONDARY'];

/** The steps of a record up to a stage, each dated from the application on (a realistic pace). */
function stepsTo(stage: Stage, appliedOn: LocalDate): [S, LocalDate][] {
  const talk = plusDays(appliedOn, 20);
  const activist = plusMonths(appliedOn, 3);
  const out: [S, LocalDate][] = [[S.TALK, talk]];
  if (stage === Stage.APPLICANT) return out;
  out.push([S.ACTIVIST, activist], [S.ASSESSMENT, plusMonths(activist, 6)]);
  if (stage === Stage.ACTIVIST) return out;
  const target = plusDays(plusYears(activist, 1), 10);
  out.push(
    [S.ASSESSMENT, plusMonths(activist, 12)],
    [S.DEVELOPMENT_TARGET, target],
    [S.POLITICAL_REVIEW, plusDays(target, 30)],
    [S.TRAINING, plusDays(target, 40)],
    [S.PUBLIC_NOTICE, plusDays(target, 55)],
    [S.PRE_REVIEW, plusDays(target, 65)],
  );
  if (stage === Stage.DEVELOPMENT_TARGET) return out;
  out.push([S.BRANCH_VOTE, plusDays(target, 75)], [S.APPROVAL, plusDays(target, 100)], [S.OATH, plusDays(target, 110)]);
  return out;
}

/**
 * A development pipeline for the first county: in each of twelve branches two applicants, two
 * activists and a development target; in four of them a probationary member admitted last year
 * (in the register), and in two a member who has since become full. One applicant in the first
 * branch applied 45 days ago and has had no talk (overdue). One township has the module off.
 */
export async function seedMemberDevelopment(ctx: SeedContext): Promise<void> {
  const { tx, random: r, tree, today } = ctx;
  const county = tree.countyIds[0];
  await ctx.setModuleEnabled(county, MODULE, true);
  const [countyRow] = await tx.query(`SELECT path FROM org_unit WHERE id = $1`, [county]);
  const townships: { id: number; path: string }[] = await tx.query(
    `SELECT id, path FROM org_unit WHERE id = ANY($1) AND path LIKE $2 || '%' ORDER BY path`,
    [tree.townshipIds, countyRow.path],
  );
  const optedOut = townships[townships.length - 1];
  await ctx.setModuleEnabled(optedOut.id, MODULE, false);
  const branches: { id: number; sector: string; committee: number }[] = await tx.query(
    `SELECT u.id, u.sector, (SELECT a.id FROM org_unit a WHERE u.path LIKE a.path || '%' AND a.kind = 'TOWNSHIP_COMMITTEE' LIMIT 1) AS committee
     FROM org_unit u WHERE u.id = ANY($1) AND u.path LIKE $2 || '%' AND u.path NOT LIKE $3 || '%'
     ORDER BY u.id LIMIT 12`,
    [tree.grassrootsBranchIds, countyRow.path, optedOut.path],
  );
  let recordId = await maxId(tx, 'md_record');
  let stepId = await maxId(tx, 'md_step');
  let memberId = await maxId(tx, 'member');
  const records: unknown[][] = [];
  const steps: unknown[][] = [];
  const members: unknown[][] = [];
  const periods: unknown[][] = [];
  const at = new Date(`${today}T12:00:00+08:00`);
  branches.forEach((b, i) => {
    const plan: [Stage, LocalDate, boolean][] = [
      [Stage.APPLICANT, plusDays(today, i === 0 ? -45 : -r.int(5, 25)), i === 0],
      [Stage.APPLICANT, plusDays(today, -r.int(40, 120)), false],
      [Stage.ACTIVIST, plusMonths(today, -r.int(6, 12)), false],
      [Stage.ACTIVIST, plusMonths(today, -r.int(10, 14)), false],
      [Stage.DEVELOPMENT_TARGET, plusMonths(today, -r.int(18, 20)), false],
    ];
    if (i % 3 === 0) plan.push([Stage.PROBATIONARY, plusMonths(today, -r.int(20, 24)), false]);
    if (i % 6 === 1) plan.push([Stage.FULL_MEMBER, plusMonths(today, -r.int(40, 44)), false]);
    for (const [stage, appliedOn, noTalk] of plan) {
      recordId += 1;
      const female = r.chance(0.45);
      // Born 19 to 49 years before applying (18 is the rule's minimum), on any day of the year: a fixed
      // span of birth years made the earlier years of the benchmark's history apply under age.
      const birth = plusDays(plusYears(appliedOn, -r.int(19, 49)), -r.int(0, 364));
      const name = r.pick(SURNAMES) + r.pick(GIVEN);
      const education = r.pick(EDUCATION);
      const category = b.sector === 'COMMUNITY' ? 'COMMUNITY' : 'RURAL';
      const dated = (noTalk ? [] : stepsTo(stage, appliedOn)).filter(([, d]) => d <= today);
      const voted = dated.find(([s]) => s === S.BRANCH_VOTE)?.[1];
      let mid: number | null = null;
      if (voted && dated.some(([s]) => s === S.APPROVAL)) {
        mid = memberId += 1;
        const full = stage === Stage.FULL_MEMBER ? plusYears(voted, 1) : null;
        members.push([
          mid,
          name,
          female ? 'FEMALE' : 'MALE',
          '汉族',
          birth,
          education,
          category,
          voted,
          full,
          full ? 'FULL' : 'PROBATIONARY',
          b.id,
        ]);
        periods.push([mid, b.id, voted, 'JOINED']);
      }
      const last = [...dated].reverse().find(([s]) => [S.ACTIVIST, S.DEVELOPMENT_TARGET, S.BRANCH_VOTE].includes(s));
      const recorded = mid ? Stage.PROBATIONARY : stage === Stage.FULL_MEMBER ? Stage.PROBATIONARY : stage;
      records.push([
        recordId,
        b.id,
        name,
        female ? 'FEMALE' : 'MALE',
        birth,
        education,
        category,
        appliedOn,
        recorded,
        last?.[1] ?? appliedOn,
        stage === Stage.APPLICANT ? '{}' : `{${r.pick(SURNAMES)}${r.pick(GIVEN)},${r.pick(SURNAMES)}${r.pick(GIVEN)}}`,
        mid,
        at,
      ]);
      for (const [step, day] of dated) {
        stepId += 1;
        const committee = step === S.PRE_REVIEW || step === S.APPROVAL;
        const vote = step === S.BRANCH_VOTE;
        steps.push([
          stepId,
          recordId,
          step,
          day,
          committee ? b.committee : b.id,
          step === S.PUBLIC_NOTICE ? plusDays(day, -8) : null,
          step === S.PUBLIC_NOTICE ? 5 : null,
          step === S.TRAINING ? 3 : null,
          step === S.TRAINING ? 24 : null,
          vote ? 20 : null,
          vote ? 17 : null,
          vote ? 16 : null,
          vote ? 0 : null,
          vote ? 1 : null,
          at,
        ]);
      }
    }
  });
  // Probationary and full members enter the register first: the records point at them.
  await bulkInsert(
    tx,
    'member',
    [
      ['id', 'int'],
      ['name', 'text'],
      ['gender', 'text'],
      ['ethnicity', 'text'],
      ['birth_date', 'date'],
      ['education', 'text'],
      ['category', 'text'],
      ['joined_on', 'date'],
      ['full_member_since', 'date'],
      ['status', 'text'],
      ['branch_id', 'int'],
    ],
    members,
  );
  await bulkInsert(
    tx,
    'membership_period',
    [
      ['member_id', 'int'],
      ['branch_id', 'int'],
      ['valid_from', 'date'],
      ['change', 'text'],
    ],
    periods,
  );
  await bulkInsert(
    tx,
    'md_record',
    [
      ['id', 'int'],
      ['unit_id', 'int'],
      ['name', 'text'],
      ['gender', 'text'],
      ['birth_date', 'date'],
      ['education', 'text'],
      ['category', 'text'],
      ['applied_on', 'date'],
      ['stage', 'text'],
      ['stage_since', 'date'],
      ['contacts', 'text[]'],
      ['member_id', 'int'],
      ['recorded_at', 'timestamptz'],
    ],
    records,
  );
  await bulkInsert(
    tx,
    'md_step',
    [
      ['id', 'int'],
      ['record_id', 'int'],
      ['step', 'text'],
      ['decided_on', 'date'],
      ['deciding_unit_id', 'int'],
      ['notice_from', 'date'],
      ['notice_working_days', 'int'],
      ['training_days', 'int'],
      ['training_hours', 'int'],
      ['entitled', 'int'],
      ['present', 'int'],
      ['votes_for', 'int'],
      ['votes_against', 'int'],
      ['votes_abstain', 'int'],
      ['recorded_at', 'timestamptz'],
    ],
    steps,
  );
  // Identity columns continue after the explicit ids.
  for (const table of ['member', 'md_record', 'md_step'])
    await tx.query(
      `SELECT setval(pg_get_serial_sequence('${table}', 'id'), greatest((SELECT max(id) FROM ${table}), 1))`,
    );
}
