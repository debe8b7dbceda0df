import { bulkInsert, type LocalDate, maxId, plusDays, plusMonths, plusYears, type SeedContext } from '#module-kit';
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
  VoteExclusionReason,
} from './enums';
import { MODULE } from './services';
import { describeEntitlement, type Entitlement } from './services/matter.service';
import { judgeMeeting, type MeetingCount, villageAffairsPolicy } from './services/policy';

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
 * The first county's villages (one township opted out): the power list on the county; a supervision
 * committee member in every village; a year of disclosures, most complete and on time, some late, some
 * partial (published before their period ended), some missing, a few entered long after the day they
 * declare (weaker villages miss more); matters in every state, their assemblies counted on those entitled
 * to vote (members the branch excused left out, a suspended member left out), one meeting without quorum
 * reconvened, one matter voted down and proposed again, a villagers' meeting held by household
 * representatives; feedback answered and not, and opinions collected by the work stations, some passed up
 * to the township and answered there.
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
  const villages: { id: number; path: string }[] = await tx.query(
    `SELECT v.id, v.path FROM org_unit v WHERE v.id = ANY($1) AND v.path LIKE $2 || '%' AND v.path NOT LIKE $3 || '%' AND v.dissolved_on IS NULL ORDER BY v.path`,
    [tree.grassrootsBranchIds, countyRow.path, optedOut.path],
  );
  const at = (day: LocalDate, hour: number) => `${day} ${String(hour).padStart(2, '0')}:${r.int(10, 59)}`;

  // A member of each village's supervision committee (村务监督委员会), elected with the villagers'
  // committee: a full member who is not the secretary; in the first village, the demo member account's
  // member, so findings can be tried in the IDE.
  const [demoMember] = await tx.query(
    `SELECT member_id FROM account WHERE username = 'member' AND member_id IS NOT NULL`,
  );
  const candidates: { branch_id: number; id: number }[] = await tx.query(
    `SELECT DISTINCT ON (m.branch_id) m.branch_id, m.id FROM member m
     WHERE m.branch_id = ANY($1) AND m.status = 'FULL'
       AND NOT EXISTS (SELECT 1 FROM post p WHERE p.member_id = m.id AND p.role = 'SECRETARY' AND p.ended_on IS NULL)
     ORDER BY m.branch_id, (m.id = $2) DESC, m.id`,
    [villages.map((v) => v.id), demoMember?.member_id ?? 0],
  );
  const termStart = plusMonths(today, -r.int(20, 40));
  const supervisorOf = new Map<number, number>();
  let postId = await maxId(tx, 'post');
  const posts = candidates.map((c) => {
    supervisorOf.set(c.branch_id, ++postId);
    return [postId, c.branch_id, c.id, 'VILLAGE_SUPERVISOR', termStart, plusYears(termStart, 5)];
  });
  await bulkInsert(
    tx,
    'post',
    [
      ['id', 'int'],
      ['unit_id', 'int'],
      ['member_id', 'int'],
      ['role', 'text'],
      ['term_start', 'date'],
      ['term_end', 'date'],
    ],
    posts,
  );
  await tx.query(`SELECT setval(pg_get_serial_sequence('post', 'id'), greatest((SELECT max(id) FROM post), 1))`);

  // A year of disclosures: every category's periods that ended in the last twelve months.
  const disclosures: unknown[][] = [];
  const yearAgo = plusMonths(today, -12);
  const grace = policy.lateRecords.graceDays;
  for (const v of villages) {
    const weak = r.chance(0.15);
    for (const [category, c] of Object.entries(policy.disclosures)) {
      for (let start = `${yearAgo.slice(0, 4)}-01-01`; start <= today; start = plusMonths(start, c.everyMonths)) {
        const end = plusDays(plusMonths(start, c.everyMonths), -1);
        const due = plusDays(end, c.withinDays);
        if (end < yearAgo) continue;
        const fate = r.weighted([
          ['ON_TIME', weak ? 50 : 82],
          ['LATE', weak ? 18 : 8],
          ['PARTIAL', weak ? 10 : 4],
          ['MISSING', weak ? 22 : 6],
        ] as const);
        if (fate === 'MISSING') continue;
        // A partial one goes up mid-period (a month's finances on the 15th: 公开内容不完整).
        const publishedOn =
          fate === 'ON_TIME'
            ? plusDays(end, r.int(1, c.withinDays))
            : fate === 'LATE'
              ? plusDays(due, r.int(3, 40))
              : plusDays(start, Math.min(14, r.int(5, 20)));
        if (publishedOn > today) continue;
        // Entered within days, mostly; a few long after the day they declare (flagged, judged by that day).
        const recordedOn = r.chance(0.03)
          ? plusDays(publishedOn, r.int(grace + 1, 45))
          : plusDays(publishedOn, r.int(0, 3));
        const recorded = recordedOn > today ? today : recordedOn;
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
          at(recorded, 16),
          recorded,
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
      ['recorded_at', 'timestamptz'],
      ['recorded_on', 'date'],
    ],
    disclosures,
  );

  // Suspensions (停止党籍) as the mobile-members module recorded them, by the rule its port answers
  // (modules/mobile-members/services/index.ts): a seed has no ports, so it reads them once here.
  const decisions: { member_id: number; kind: string; approved_on: string }[] = (
    await tx.query(`SELECT to_regclass('mm_decision') IS NOT NULL AS ok`)
  )[0].ok
    ? await tx.query(
        `SELECT r.member_id, d.kind, d.approved_on::text FROM mm_record r JOIN mm_decision d ON d.record_id = r.id ORDER BY d.approved_on, d.id`,
      )
    : [];
  const suspendedOn = async (ids: readonly number[], day: LocalDate) => {
    const last = new Map<number, string>();
    for (const d of decisions) if (d.approved_on <= day) last.set(d.member_id, d.kind);
    return ids.filter((id) => last.get(id) === 'SUSPEND');
  };
  const suspendedBranches: { branch_id: number; approved_on: string }[] = decisions.length
    ? await tx.query(
        `SELECT m.branch_id, min(d.approved_on)::text AS approved_on FROM mm_record r JOIN mm_decision d ON d.record_id = r.id JOIN member m ON m.id = r.member_id
         WHERE d.kind = 'SUSPEND' GROUP BY m.branch_id`,
      )
    : [];

  // The register's membership periods of these villages, read once: full members on a day by the rule of
  // `fullMembersOn` (src/org/services/assembly-vote.ts), without a statement per meeting.
  const periods: {
    branch_id: number;
    member_id: number;
    valid_from: string;
    valid_to: string | null;
    full_since: string | null;
    departed_on: string | null;
  }[] = await tx.query(
    `SELECT p.branch_id, p.member_id, p.valid_from::text, p.valid_to::text, m.full_member_since::text AS full_since, m.departed_on::text
     FROM membership_period p JOIN member m ON m.id = p.member_id WHERE p.branch_id = ANY($1) ORDER BY p.member_id`,
    [villages.map((v) => v.id)],
  );
  const fullMembersOn = (branchId: number, day: LocalDate) => [
    ...new Set(
      periods
        .filter(
          (p) =>
            p.branch_id === branchId &&
            p.valid_from <= day &&
            (p.valid_to === null || p.valid_to > day) &&
            p.full_since !== null &&
            p.full_since <= day &&
            (p.departed_on === null || p.departed_on > day),
        )
        .map((p) => p.member_id),
    ),
  ];

  // Matters, step by step by the rules. In the first village: the first matter's review lacks its quorum
  // (void) and is reconvened with two members excused as away; the second is voted down and proposed again.
  // In a village with a suspended member, a review after the suspension leaves that member out.
  const matters: unknown[][] = [];
  const steps: unknown[][] = [];
  const exclusions: unknown[][] = [];
  const findings: unknown[][] = [];
  let id = await maxId(tx, 'va_matter');
  let stepId = await maxId(tx, 'va_step');
  const suspendedVillage = suspendedBranches.find((b) => villages.some((v) => v.id === b.branch_id));
  for (const [vi, v] of villages.entries()) {
    const count = r.int(2, 5) + (suspendedVillage?.branch_id === v.id ? 1 : 0);
    for (let k = 0; k < count; k++) {
      id++;
      const [category, title, money] = r.pick(MATTERS);
      const forceVoid = vi === 0 && k === 0;
      const forceReject = vi === 0 && k === 1;
      const afterSuspension = suspendedVillage?.branch_id === v.id && k === count - 1;
      let day =
        forceVoid || forceReject
          ? plusDays(today, -300)
          : afterSuspension
            ? plusDays(suspendedVillage.approved_on, 1)
            : plusDays(today, -r.int(5, 360));
      const proposedOn = day;
      let status = MatterStatus.IN_PROGRESS;
      let next: MatterStep | null = MatterStep.DELIBERATION;
      let rejectedAt: MatterStep | null = null;
      const add = (step: MatterStep, outcome: StepOutcome, extra: Partial<Record<string, unknown>> = {}) => {
        steps.push([
          ++stepId,
          id,
          step,
          day,
          outcome,
          extra.meetingKind ?? null,
          extra.present ?? null,
          extra.eligible ?? null,
          extra.fullMembers ?? null,
          extra.households ?? null,
          extra.householdsPresent ?? null,
          extra.votesFor ?? null,
          extra.votesAgainst ?? null,
          extra.votesAbstain ?? null,
          extra.verdict ?? null,
          extra.channels ?? null,
          extra.place ?? null,
          extra.notes ?? null,
          extra.attendees ?? '{}',
        ]);
        return stepId;
      };
      /** A meeting counted and judged as the API would; returns its outcome. */
      const meeting = (
        step: MatterStep,
        c: MeetingCount,
        o: { kind?: MeetingKind; full?: Entitlement; attendees?: string },
      ) => {
        const review = step === MatterStep.REVIEW;
        const villagers = o.kind === MeetingKind.VILLAGERS_MEETING;
        const rule = review ? policy.review : villagers ? policy.villagersMeeting : policy.representativesMeeting;
        const who = review ? 'entitled to vote' : villagers ? 'villagers aged 18 or over' : 'representatives';
        const j = judgeMeeting(rule, review ? 'ENTITLED' : 'PRESENT', c, who);
        const outcome = !j.quorum ? StepOutcome.NO_QUORUM : j.adopted ? StepOutcome.PASSED : StepOutcome.FAILED;
        const against = Math.max(0, Math.min(c.present - c.votesFor, r.int(0, 2)));
        const sid = add(step, outcome, {
          meetingKind: o.kind ?? null,
          present: c.present,
          eligible: c.entitled,
          fullMembers: o.full?.fullMembers ?? null,
          households: c.households ?? null,
          householdsPresent: c.householdsPresent ?? null,
          votesFor: c.votesFor,
          votesAgainst: against,
          votesAbstain: c.present - c.votesFor - against,
          verdict: (o.full ? `${describeEntitlement(o.full, day)}; ` : '') + j.verdict,
          attendees: o.attendees ?? '{}',
        });
        for (const x of o.full?.excluded ?? []) exclusions.push([sid, x.memberId, x.reason, x.note]);
        return outcome;
      };
      add(MatterStep.PROPOSAL, StepOutcome.PASSED, { notes: '村党支部提出，征求党员群众意见后提议' });
      // Every fifth matter of half a year ago and more is a small one, carried through within weeks: a
      // month's figures count matters where they stood when the month closed, so some finish in theirs.
      // (It draws the same random numbers as before, so the modules seeded after this one keep their data.)
      const quick =
        id % 5 === 0 && !forceVoid && !forceReject && !afterSuspension && proposedOn <= plusDays(today, -180);
      for (const step of STEP_ORDER.slice(1)) {
        const drawn =
          step === MatterStep.EXECUTION
            ? r.int(policy.resolutionDisclosureDays + 1, policy.resolutionDisclosureDays + 10)
            : r.int(3, 15);
        const gap = !quick ? drawn : step === MatterStep.EXECUTION ? policy.resolutionDisclosureDays + 1 : 3;
        const nextDay = plusDays(day, gap);
        if (nextDay > today || (!forceVoid && !forceReject && !afterSuspension && r.chance(0.05))) break;
        day = nextDay;
        if (step === MatterStep.REVIEW) {
          const full = fullMembersOn(v.id, day);
          const suspended = await suspendedOn(full, day);
          const entitlement = (excused: number[]): Entitlement => {
            const excluded = [
              ...suspended.map((memberId) => ({ memberId, reason: VoteExclusionReason.SUSPENDED, note: null })),
              ...excused.map((memberId) => ({
                memberId,
                reason: VoteExclusionReason.AWAY,
                note: '外出务工半年以上，支部决定本次不计入',
              })),
            ];
            return { fullMembers: full.length, entitled: full.length - excluded.length, excluded };
          };
          const present = (e: number) => Math.min(e, Math.ceil((e * 2) / 3) + r.int(0, 3));
          const attendees = r.chance(0.5) ? '{工作站包村干部}' : '{}';
          const voting = full.filter((m) => !suspended.includes(m));
          if (voting.length < 1) {
            day = plusDays(day, -gap);
            break;
          }
          if (forceVoid || r.chance(0.04)) {
            // Too few came: void, nothing decided; called again a week later with the members away excused.
            const e = entitlement([]);
            const few = Math.max(0, Math.ceil((e.entitled * 2) / 3) - 1);
            meeting(step, { entitled: e.entitled, present: few, votesFor: few }, { full: e, attendees });
            day = plusDays(day, 7);
            if (day > today) break;
          }
          const away = forceVoid && voting.length > 4 ? voting.slice(-2) : [];
          const e = entitlement(away);
          const p = present(e.entitled);
          const half = Math.floor(e.entitled / 2);
          const votesFor = forceReject || r.chance(0.04) ? Math.min(p, half) : Math.min(p, half + 1 + r.int(0, 2));
          const outcome = meeting(step, { entitled: e.entitled, present: p, votesFor }, { full: e, attendees });
          if (outcome === StepOutcome.NO_QUORUM) break;
          if (outcome === StepOutcome.FAILED) {
            status = MatterStatus.REJECTED;
            rejectedAt = step;
            next = null;
            break;
          }
        } else if (step === MatterStep.RESOLUTION) {
          if (r.chance(0.2)) {
            // A villagers' meeting held by household representatives: fewer than half the adults, but
            // two thirds of the households represented (村民委员会组织法 art. 22).
            const households = r.int(120, 280);
            const adults = r.int(households * 2 + 60, households * 3 + 100);
            const householdsPresent = Math.ceil((households * 2) / 3) + r.int(0, 10);
            const present = Math.min(Math.floor(adults / 2), householdsPresent + r.int(0, 20));
            const votesFor = Math.floor(present / 2) + 1 + r.int(0, Math.floor(present / 3));
            const outcome = meeting(
              step,
              { entitled: adults, present, votesFor, households, householdsPresent },
              { kind: MeetingKind.VILLAGERS_MEETING },
            );
            if (outcome === StepOutcome.NO_QUORUM) break;
            if (outcome === StepOutcome.FAILED) {
              status = MatterStatus.REJECTED;
              rejectedAt = step;
              next = null;
              break;
            }
          } else {
            const eligible = r.int(25, 45);
            const present = Math.min(eligible, Math.ceil((eligible * 2) / 3) + r.int(0, 4));
            const votesFor = Math.min(present, Math.floor(present * (r.chance(0.04) ? 0.4 : 0.85)) + 1);
            const outcome = meeting(
              step,
              { entitled: eligible, present, votesFor },
              { kind: MeetingKind.REPRESENTATIVES_MEETING },
            );
            if (outcome === StepOutcome.NO_QUORUM) break;
            if (outcome === StepOutcome.FAILED) {
              status = MatterStatus.REJECTED;
              rejectedAt = step;
              next = null;
              break;
            }
          }
        } else if (step === MatterStep.RESOLUTION_DISCLOSED || step === MatterStep.RESULT_DISCLOSED) {
          add(step, StepOutcome.PASSED, {
            channels: `{${DisclosureChannel.BOARD}${r.chance(0.5) ? `,${DisclosureChannel.WECHAT}` : ''}}`,
            place: r.pick(PLACES),
          });
        } else if (step === MatterStep.EXECUTION) {
          add(step, StepOutcome.PROGRESS, { notes: '已开工，按计划推进' });
          const lasted = r.int(10, 60);
          const done = plusDays(day, quick ? 10 : lasted);
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
      const supervisor = supervisorOf.get(v.id);
      if (supervisor && (r.chance(0.15) || forceVoid))
        findings.push([
          id,
          STEP_ORDER[Math.max(0, STEP_ORDER.indexOf(next ?? rejectedAt ?? MatterStep.RESULT_DISCLOSED) - 1)],
          forceVoid ? '首次党员大会到会人数不足，会议无效，已重新召开' : '程序规范，资料齐全；建议公开时附明细表',
          day,
          supervisor,
          at(day, 18),
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
      if (forceReject && status === MatterStatus.REJECTED) {
        // Proposed again after the vote failed, and carried through deliberation.
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
      ['id', 'int'],
      ['matter_id', 'int'],
      ['step', 'text'],
      ['held_on', 'date'],
      ['outcome', 'text'],
      ['meeting_kind', 'text'],
      ['present', 'int'],
      ['eligible', 'int'],
      ['full_members', 'int'],
      ['households', 'int'],
      ['households_present', 'int'],
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
    'va_step_exclusion',
    [
      ['step_id', 'int'],
      ['member_id', 'int'],
      ['reason', 'text'],
      ['note', 'text'],
    ],
    exclusions,
  );
  await bulkInsert(
    tx,
    'va_finding',
    [
      ['matter_id', 'int'],
      ['step', 'text'],
      ['text', 'text'],
      ['recorded_on', 'date'],
      ['supervisor_post_id', 'int'],
      ['recorded_at', 'timestamptz'],
    ],
    findings,
  );
  for (const table of ['va_matter', 'va_step'])
    await tx.query(
      `SELECT setval(pg_get_serial_sequence('${table}', 'id'), greatest((SELECT max(id) FROM ${table}), 1))`,
    );

  // Feedback on disclosures: most answered within the days, some late, some not at all.
  const recent = await tx.query(
    `SELECT id, unit_id, published_on::text AS day FROM va_disclosure WHERE published_on > $1::date ORDER BY id`,
    [plusMonths(today, -6)],
  );
  const feedback: unknown[][] = [];
  const reply = (receivedOn: LocalDate) => {
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
    return repliedOn && repliedOn <= today ? repliedOn : null;
  };
  for (const d of recent) {
    if (!r.chance(0.06)) continue;
    const receivedOn = plusDays(d.day, r.int(1, 20));
    if (receivedOn > today) continue;
    const repliedOn = reply(receivedOn);
    feedback.push([
      d.unit_id,
      d.id,
      r.chance(0.5) ? null : r.pick(['王大爷', '李桂兰', '张建国', '刘秀英']),
      receivedOn,
      r.pick(Object.values(FeedbackChannel)),
      r.pick(['明细里有一笔支出没写清楚用途', '希望公开栏挪到村口，方便大家看', '低保名单什么时候公示？']),
      at(receivedOn, 9),
      repliedOn && '已当面解释并在公开栏补充明细',
      repliedOn,
      repliedOn && '村委会主任',
      repliedOn && at(repliedOn, 17),
      repliedOn,
      repliedOn && d.unit_id,
      null,
      null,
      null,
    ]);
  }
  // Opinions the work stations collected (收集社情民意, seed 000): answered by the station, or sorted and
  // passed up to the township, which answers most of them.
  const stations: { id: number; parent_id: number }[] = await tx.query(
    `SELECT s.id, s.parent_id FROM org_unit s WHERE s.id = ANY($1) AND s.path LIKE $2 || '%' AND s.path NOT LIKE $3 || '%' ORDER BY s.path`,
    [tree.stationIds, countyRow.path, optedOut.path],
  );
  const OPINIONS = [
    '村道坑洼多，雨天出行难',
    '希望增设农村客运班次',
    '饮水管网老化，水压不足',
    '建议开展农技培训',
    '村卫生室缺常用药',
  ];
  for (const s of stations) {
    for (let k = r.int(4, 9); k > 0; k--) {
      const receivedOn = plusDays(today, -r.int(3, 170));
      const passed = r.chance(0.4);
      const passedOn = passed ? plusDays(receivedOn, r.int(1, 5)) : null;
      const repliedOn = passedOn && passedOn > today ? null : reply(passedOn ?? receivedOn);
      feedback.push([
        s.id,
        null,
        r.chance(0.7) ? null : r.pick(['黄大姐', '覃师傅', '韦老伯']),
        receivedOn,
        r.pick([FeedbackChannel.IN_PERSON, FeedbackChannel.MEETING, FeedbackChannel.PHONE]),
        r.pick(OPINIONS),
        at(receivedOn, 11),
        repliedOn && (passed ? '镇党委已协调有关部门解决' : '工作站已协调解决并回访'),
        repliedOn,
        repliedOn && (passed ? '镇党委组织委员' : '工作站站长'),
        repliedOn && at(repliedOn, 17),
        repliedOn,
        repliedOn && (passed ? s.parent_id : s.id),
        passed && passedOn! <= today ? s.parent_id : null,
        passed && passedOn! <= today ? passedOn : null,
        passed && passedOn! <= today ? at(passedOn!, 15) : null,
      ]);
    }
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
      ['recorded_at', 'timestamptz'],
      ['reply', 'text'],
      ['replied_on', 'date'],
      ['replier', 'text'],
      ['reply_recorded_at', 'timestamptz'],
      ['reply_recorded_on', 'date'],
      ['answered_by_unit_id', 'int'],
      ['passed_to_unit_id', 'int'],
      ['passed_on', 'date'],
      ['passed_at', 'timestamptz'],
    ],
    feedback,
  );
  ctx.log.info(
    { villages: villages.length, disclosures: disclosures.length, matters: matters.length, feedback: feedback.length },
    'village affairs demo data',
  );
}
