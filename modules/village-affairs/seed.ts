import { bulkInsert, maxId, plusDays, plusMonths, type SeedContext } from '#module-kit';
import {
  DisclosureChannel,
  FeedbackChannel,
  MatterCategory,
  MatterStatus,
  MatterStep,
  MeetingKind,
  PowerCategory,
  PowerProcedure,
  STEP_ORDER,
  StepOutcome,
} from './enums';
import { MODULE } from './services';
import { judgeMeeting, villageAffairsPolicy } from './services/policy';

/** Seed 001: 5 categories, 19 items; items that are major matters follow 四议两公开. */
const POWER_LIST: [PowerCategory, string, PowerProcedure, string?][] = [
  [PowerCategory.DEMOCRATIC_DECISION, '村级重大事项决策', PowerProcedure.MAJOR_MATTER],
  [PowerCategory.DEMOCRATIC_DECISION, '村级工程项目招投标', PowerProcedure.MAJOR_MATTER],
  [PowerCategory.DEMOCRATIC_DECISION, '集体资产资源处置', PowerProcedure.MAJOR_MATTER],
  [PowerCategory.DEMOCRATIC_DECISION, '集体土地发包', PowerProcedure.MAJOR_MATTER],
  [
    PowerCategory.PARTY_AFFAIRS,
    '发展党员',
    PowerProcedure.ROUTINE,
    '申请 → 积极分子 → 发展对象 → 支部大会讨论 → 上级党委审批 → 公示',
  ],
  [
    PowerCategory.PARTY_AFFAIRS,
    '党员组织关系转接',
    PowerProcedure.ROUTINE,
    '党员申请 → 支部审核 → 开具介绍信 → 接收回执',
  ],
  [PowerCategory.PARTY_AFFAIRS, '党费收缴管理', PowerProcedure.ROUTINE, '按月收缴 → 登记 → 上缴 → 公开'],
  [
    PowerCategory.PARTY_AFFAIRS,
    '村党组织换届选举',
    PowerProcedure.ROUTINE,
    '报告上级 → 推荐候选人 → 党员大会选举 → 报批',
  ],
  [
    PowerCategory.VILLAGE_AFFAIRS,
    '村级财务开支审批',
    PowerProcedure.ROUTINE,
    '经办人签字 → 监委会审核 → 村委会主任审批 → 乡镇审核入账 → 公开',
  ],
  [PowerCategory.VILLAGE_AFFAIRS, '村级印章管理使用', PowerProcedure.ROUTINE, '申请 → 登记 → 审批 → 用印'],
  [PowerCategory.VILLAGE_AFFAIRS, '村务公开', PowerProcedure.ROUTINE, '拟定内容 → 监委会审核 → 公开 → 收集意见 → 答复'],
  [PowerCategory.VILLAGE_AFFAIRS, '村干部报酬发放', PowerProcedure.ROUTINE, '乡镇核定 → 公示 → 发放'],
  [PowerCategory.LIVELIHOOD, '低保户贫困户评定', PowerProcedure.MAJOR_MATTER],
  [
    PowerCategory.LIVELIHOOD,
    '宅基地申请审核',
    PowerProcedure.ROUTINE,
    '村民申请 → 村民小组讨论 → 村委会审核公示 → 报乡镇审批',
  ],
  [PowerCategory.LIVELIHOOD, '救灾救济款物发放', PowerProcedure.ROUTINE, '申请 → 民主评议 → 公示 → 发放'],
  [PowerCategory.LIVELIHOOD, '新农合新农保办理', PowerProcedure.ROUTINE, '宣传 → 登记 → 收缴 → 公示'],
  [PowerCategory.OTHER, '计划生育服务', PowerProcedure.ROUTINE, '申请 → 审核 → 公示 → 报批'],
  [PowerCategory.OTHER, '矛盾纠纷调解', PowerProcedure.ROUTINE, '受理 → 调查 → 调解 → 回访'],
  [PowerCategory.OTHER, '证明材料出具', PowerProcedure.ROUTINE, '申请 → 核实 → 审批 → 出具登记'],
];

const MATTERS: [MatterCategory, string, [number, number] | null][] = [
  [MatterCategory.FINANCIAL_EXPENDITURE, '村委会办公楼维修', [3_000_000, 12_000_000]],
  [MatterCategory.FINANCIAL_EXPENDITURE, '村内道路硬化', [20_000_000, 80_000_000]],
  [MatterCategory.LAND_CONTRACTING, '集体机动地发包', null],
  [MatterCategory.BEAUTIFUL_VILLAGE, '美丽乡村建设：村容整治与绿化', [10_000_000, 50_000_000]],
  [MatterCategory.POOR_AND_SUBSISTENCE, '年度低保户、贫困户评定', null],
  [MatterCategory.COLLECTIVE_ASSETS, '集体闲置厂房出租', null],
  [MatterCategory.PROJECT_TENDERING, '农田水利工程招投标', [15_000_000, 60_000_000]],
];

const PLACES = ['村委会公开栏', '村党群服务中心公开栏', '村文化广场公开栏'];

/**
 * The first county's villages (one township opted out): the power list on the county; a year of
 * disclosures, most on time, some late, some missing (weaker villages miss more); matters in every
 * state, one rejected for lack of quorum and proposed again; feedback answered and not.
 */
export async function seedVillageAffairs(ctx: SeedContext): Promise<void> {
  const { tx, random: r, tree, today } = ctx;
  const policy = villageAffairsPolicy(ctx.policy);
  const county = tree.countyIds[0];
  await ctx.setModuleEnabled(county, MODULE, true);
  const [countyRow] = await tx.query(`SELECT path FROM org_unit WHERE id = $1`, [county]);
  const townships: { id: number; path: string }[] = await tx.query(
    `SELECT id, path FROM org_unit WHERE id = ANY($1) AND path LIKE $2 || '%' ORDER BY path`,
    [tree.townshipIds, countyRow.path],
  );
  const optedOut = townships[1];
  await ctx.setModuleEnabled(optedOut.id, MODULE, false);
  await bulkInsert(
    tx,
    'va_power_item',
    [
      ['unit_id', 'int'],
      ['category', 'text'],
      ['code', 'text'],
      ['title', 'text'],
      ['procedure', 'text'],
      ['flow', 'text'],
      ['position', 'int'],
    ],
    POWER_LIST.map(([category, title, procedure, flow], i) => [
      county,
      category,
      `QL${String(i + 1).padStart(2, '0')}`,
      title,
      procedure,
      flow ?? null,
      i,
    ]),
  );
  const villages: { id: number; full: number }[] = await tx.query(
    `SELECT v.id, (SELECT count(*)::int FROM member m WHERE m.branch_id = v.id AND m.status = 'FULL') AS full
     FROM org_unit v WHERE v.id = ANY($1) AND v.path LIKE $2 || '%' AND v.path NOT LIKE $3 || '%' AND v.dissolved_on IS NULL ORDER BY v.path`,
    [tree.grassrootsBranchIds, countyRow.path, optedOut.path],
  );

  // A year of disclosures: every category's periods that ended in the last twelve months.
  const disclosures: unknown[][] = [];
  const yearAgo = plusMonths(today, -12);
  for (const v of villages) {
    const weak = r.chance(0.15);
    for (const [category, c] of Object.entries(policy.disclosures)) {
      for (let start = `${yearAgo.slice(0, 4)}-01-01`; start <= today; start = plusMonths(start, c.everyMonths)) {
        const end = plusDays(plusMonths(start, c.everyMonths), -1);
        const due = plusDays(end, c.withinDays);
        if (end < yearAgo) continue;
        const fate = r.weighted([
          ['ON_TIME', weak ? 55 : 85],
          ['LATE', weak ? 20 : 9],
          ['MISSING', weak ? 25 : 6],
        ] as const);
        if (fate === 'MISSING') continue;
        const publishedOn = fate === 'ON_TIME' ? plusDays(end, r.int(-2, c.withinDays)) : plusDays(due, r.int(3, 40));
        if (publishedOn > today) continue;
        const channels = [
          DisclosureChannel.BOARD,
          ...(r.chance(0.6) ? [DisclosureChannel.WECHAT] : []),
          ...(r.chance(0.2) ? [DisclosureChannel.QR_CODE] : []),
        ];
        disclosures.push([
          v.id,
          category,
          start,
          end,
          publishedOn,
          `{${channels.join(',')}}`,
          `${c.title.split(' — ')[0]}（${start} 至 ${end}）`,
        ]);
      }
    }
  }
  await bulkInsert(
    tx,
    'va_disclosure',
    [
      ['unit_id', 'int'],
      ['category', 'text'],
      ['period_start', 'date'],
      ['period_end', 'date'],
      ['published_on', 'date'],
      ['channels', 'text[]'],
      ['summary', 'text'],
    ],
    disclosures,
  );

  // Matters, step by step by the rules; the first village's first matter is rejected for lack of quorum at review.
  const matters: unknown[][] = [];
  const steps: unknown[][] = [];
  const findings: unknown[][] = [];
  let id = await maxId(tx, 'va_matter');
  for (const [vi, v] of villages.entries()) {
    const count = r.int(2, 5);
    for (let k = 0; k < count; k++) {
      id++;
      const [category, title, money] = r.pick(MATTERS);
      const forceQuorumFailure = vi === 0 && k === 0;
      let day = plusDays(today, -(forceQuorumFailure ? 300 : r.int(5, 360)));
      const proposedOn = day;
      let status = MatterStatus.IN_PROGRESS;
      let next: MatterStep | null = MatterStep.DELIBERATION;
      let rejectedAt: MatterStep | null = null;
      const add = (step: MatterStep, outcome: StepOutcome, extra: Partial<Record<string, unknown>> = {}) =>
        steps.push([
          id,
          step,
          day,
          outcome,
          extra.meetingKind ?? null,
          extra.present ?? null,
          extra.eligible ?? null,
          extra.votesFor ?? null,
          extra.votesAgainst ?? null,
          extra.votesAbstain ?? null,
          extra.verdict ?? null,
          extra.channels ?? null,
          extra.place ?? null,
          extra.notes ?? null,
          extra.attendees ?? '{}',
        ]);
      add(MatterStep.PROPOSAL, StepOutcome.PASSED, { notes: '村党支部提出，征求党员群众意见后提议' });
      for (const step of STEP_ORDER.slice(1)) {
        const nextDay = plusDays(day, r.int(3, 15));
        if (nextDay > today || (!forceQuorumFailure && r.chance(0.05))) break;
        day = nextDay;
        if (step === MatterStep.REVIEW || step === MatterStep.RESOLUTION) {
          const representatives = step === MatterStep.RESOLUTION;
          const eligible = representatives ? r.int(25, 45) : Math.max(v.full, 3);
          const rule = representatives ? policy.representativesMeeting : policy.review;
          const present = forceQuorumFailure
            ? Math.max(1, Math.ceil((eligible * 2) / 3) - 1)
            : Math.min(eligible, Math.ceil((eligible * 2) / 3) + r.int(0, 4));
          const votesFor = Math.min(present, Math.floor(present * (r.chance(0.04) ? 0.4 : 0.85)) + 1);
          const against = Math.max(0, Math.min(present - votesFor, r.int(0, 2)));
          const { adopted: passed, verdict } = judgeMeeting(
            rule,
            eligible,
            present,
            votesFor,
            representatives ? 'representatives' : 'full members',
          );
          add(step, passed ? StepOutcome.PASSED : StepOutcome.FAILED, {
            meetingKind: representatives ? MeetingKind.REPRESENTATIVES_MEETING : null,
            present,
            eligible,
            votesFor,
            votesAgainst: against,
            votesAbstain: present - votesFor - against,
            verdict,
            attendees: step === MatterStep.REVIEW && r.chance(0.5) ? '{工作站包村干部}' : '{}',
          });
          if (!passed) {
            status = MatterStatus.REJECTED;
            rejectedAt = step;
            next = null;
            break;
          }
        } else if (step === MatterStep.RESOLUTION_DISCLOSED || step === MatterStep.RESULT_DISCLOSED) {
          add(step, StepOutcome.PASSED, {
            channels: `{${DisclosureChannel.BOARD}${r.chance(0.5) ? `,${DisclosureChannel.WECHAT}` : ''}}`,
            place: r.pick(PLACES),
          });
        } else if (step === MatterStep.EXECUTION) {
          add(step, StepOutcome.PROGRESS, { notes: '已开工，按计划推进' });
          const done = plusDays(day, r.int(10, 60));
          if (done > today) break;
          day = done;
          add(step, StepOutcome.PASSED, { notes: '已完工，经村务监督委员会验收' });
        } else {
          add(step, StepOutcome.PASSED, {
            notes: '村“两委”联席会议商议同意提交党员大会审议',
            attendees: r.chance(0.3) ? '{工作站站长}' : '{}',
          });
        }
        next = STEP_ORDER[STEP_ORDER.indexOf(step) + 1] ?? null;
        if (!next) status = MatterStatus.COMPLETED;
      }
      if (r.chance(0.15))
        findings.push([
          id,
          STEP_ORDER[Math.max(0, STEP_ORDER.indexOf(next ?? rejectedAt ?? MatterStep.RESULT_DISCLOSED) - 1)],
          '程序规范，资料齐全；建议公开时附明细表',
          day,
        ]);
      const amount = money ? r.int(money[0] / 100_000, money[1] / 100_000) * 100_000 : null;
      matters.push([
        id,
        v.id,
        title,
        category,
        amount,
        proposedOn,
        status === MatterStatus.IN_PROGRESS ? null : day,
        status,
        next,
        rejectedAt,
        null,
      ]);
      if (forceQuorumFailure) {
        // Proposed again after the failed review, and carried through.
        id++;
        const again = plusDays(day, 30);
        matters.push([
          id,
          v.id,
          `${title}（再次提议）`,
          category,
          amount,
          again,
          null,
          MatterStatus.IN_PROGRESS,
          MatterStep.REVIEW,
          null,
          id - 1,
        ]);
        const d0 = day;
        day = again;
        add(MatterStep.PROPOSAL, StepOutcome.PASSED, { notes: '根据群众意见修改方案后再次提议' });
        day = plusDays(again, 7);
        add(MatterStep.DELIBERATION, StepOutcome.PASSED, { notes: '村“两委”联席会议商议' });
        day = d0;
      }
    }
  }
  await bulkInsert(
    tx,
    'va_matter',
    [
      ['id', 'int'],
      ['unit_id', 'int'],
      ['title', 'text'],
      ['category', 'text'],
      ['amount_fen', 'bigint'],
      ['proposed_on', 'date'],
      ['closed_on', 'date'],
      ['status', 'text'],
      ['next_step', 'text'],
      ['rejected_at_step', 'text'],
      ['reproposal_of_id', 'int'],
    ],
    matters,
  );
  await bulkInsert(
    tx,
    'va_step',
    [
      ['matter_id', 'int'],
      ['step', 'text'],
      ['held_on', 'date'],
      ['outcome', 'text'],
      ['meeting_kind', 'text'],
      ['present', 'int'],
      ['eligible', 'int'],
      ['votes_for', 'int'],
      ['votes_against', 'int'],
      ['votes_abstain', 'int'],
      ['verdict', 'text'],
      ['channels', 'text[]'],
      ['place', 'text'],
      ['notes', 'text'],
      ['attendees', 'text[]'],
    ],
    steps,
  );
  await bulkInsert(
    tx,
    'va_finding',
    [
      ['matter_id', 'int'],
      ['step', 'text'],
      ['text', 'text'],
      ['recorded_on', 'date'],
    ],
    findings,
  );
  await tx.query(
    `SELECT setval(pg_get_serial_sequence('va_matter', 'id'), greatest((SELECT max(id) FROM va_matter), 1))`,
  );

  // Feedback on disclosures: most answered within the days, some late, some not at all.
  const recent = await tx.query(
    `SELECT id, unit_id, published_on::text AS day FROM va_disclosure WHERE published_on > $1::date ORDER BY id`,
    [plusMonths(today, -6)],
  );
  const feedback: unknown[][] = [];
  for (const d of recent) {
    if (!r.chance(0.06)) continue;
    const receivedOn = plusDays(d.day, r.int(1, 20));
    if (receivedOn > today) continue;
    const fate = r.weighted([
      ['ON_TIME', 70],
      ['LATE', 10],
      ['NONE', 20],
    ] as const);
    const repliedOn =
      fate === 'NONE'
        ? null
        : plusDays(
            receivedOn,
            fate === 'ON_TIME' ? r.int(1, policy.feedbackReplyDays) : r.int(policy.feedbackReplyDays + 1, 40),
          );
    const answered = repliedOn && repliedOn <= today;
    feedback.push([
      d.unit_id,
      d.id,
      r.chance(0.5) ? null : r.pick(['王大爷', '李桂兰', '张建国', '刘秀英']),
      receivedOn,
      r.pick(Object.values(FeedbackChannel)),
      r.pick(['明细里有一笔支出没写清楚用途', '希望公开栏挪到村口，方便大家看', '电费分摊怎么算的？']),
      answered ? '已当面解释并在公开栏补充明细' : null,
      answered ? repliedOn : null,
      answered ? '村委会主任' : null,
    ]);
  }
  await bulkInsert(
    tx,
    'va_feedback',
    [
      ['unit_id', 'int'],
      ['disclosure_id', 'int'],
      ['name', 'text'],
      ['received_on', 'date'],
      ['channel', 'text'],
      ['content', 'text'],
      ['reply', 'text'],
      ['replied_on', 'date'],
      ['replier', 'text'],
    ],
    feedback,
  );
  ctx.log.info(
    { villages: villages.length, disclosures: disclosures.length, matters: matters.length, feedback: feedback.length },
    'village affairs demo data',
  );
}
