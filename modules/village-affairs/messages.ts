import { defineMessages, defineReasons, ErrorReason as CoreReason, localized as l } from '#module-kit';

/** Village affairs' own reasons and messages (src/messages/catalogue.ts), under the module's name. */
export const VillageReason = defineReasons('village-affairs', {
  NOT_A_VILLAGE: '非村、社区党支部 — the unit is not a village or community branch',
  MATTER_STEP_OUT_OF_ORDER: '步骤顺序不对 — four deliberations and two disclosures go in order',
  MATTER_CLOSED: '事项已结束 — the matter was rejected or completed',
  WRONG_STEP_FIELD: '字段不属于此步骤 — the field belongs to another step',
  COUNT_MISMATCH: '人数不符 — a count disagrees with the register or with another count',
  DISCLOSURE_PERIOD: '公示期未满 — execution starts after the disclosure period',
  FEEDBACK_HANDLED: '意见已处理 — the feedback was already passed up or answered',
  NOT_A_SUPERVISOR: '非村务监督委员会成员 — findings are recorded by the supervision committee',
  NOT_COUNTED: '不计入表决 — the member is not counted anyway',
});
const R = { ...CoreReason, ...VillageReason };

export const VILLAGE_MESSAGES = defineMessages('village-affairs', {
  stationsPassUp: {
    reason: R.NOT_ALLOWED_HERE,
    zh: '村里自己答复意见，或把它列入问题清单；工作站把收集的意见向上转交',
    en: 'a village answers its own feedback or raises it on the issue list; work stations pass what they collect up',
  },
  disclosedByVillage: {
    reason: R.NOT_A_VILLAGE,
    zh: '村务由村、社区党支部公开',
    en: 'village affairs are disclosed by a village or community branch',
  },
  unknownCategory: {
    reason: R.UNKNOWN_VALUE,
    zh: '无法识别的公开类别 {category}（可用：{known}）',
    en: 'unknown category {category} (known: {known})',
  },
  periodEndsBeforeStart: { reason: R.NOT_BEFORE, zh: '公开期间的结束早于开始', en: 'the period ends before it starts' },
  disclosedOnceBegun: {
    reason: R.TOO_EARLY,
    zh: '公开期间开始后才能公开',
    en: 'a period is disclosed once it has begun',
  },
  channelRequired: { reason: R.REQUIRED, zh: '至少写一个公开渠道', en: 'name at least one channel' },
  summaryRequired: { reason: R.REQUIRED, zh: '请写明公开了什么', en: 'say what was disclosed' },
  feedbackRegisteredBy: {
    reason: R.NOT_A_VILLAGE,
    zh: '群众意见由村、社区党支部登记，或由工作站收集',
    en: 'feedback is registered by a village or community branch, or collected by a work station',
  },
  matterOrDisclosure: {
    reason: R.ONE_OF,
    zh: '意见针对一个事项或一次公开，不能两者都是',
    en: 'feedback concerns a matter or a disclosure, not both',
  },
  noSuchMatter: { reason: R.NOT_FOUND, zh: '{here}没有这个事项', en: 'no such matter {here}' },
  noSuchDisclosure: { reason: R.NOT_FOUND, zh: '{here}没有这次公开', en: 'no such disclosure {here}' },
  contentRequired: { reason: R.REQUIRED, zh: '请写明群众说了什么', en: 'say what the villager said' },
  passedUpOn: {
    reason: R.FEEDBACK_HANDLED,
    zh: '这条意见已于 {on} 向上转交',
    en: 'this feedback was passed up on {on}',
  },
  answeredOn: { reason: R.FEEDBACK_HANDLED, zh: '这条意见已于 {on} 答复', en: 'this feedback was answered on {on}' },
  betweenReceivingAndToday: {
    reason: R.OUT_OF_RANGE,
    zh: '{field}应在收到意见之日到今天之间',
    en: '{field} falls between receiving it and today',
  },
  noCommitteeAbove: {
    reason: R.NOT_FOUND,
    zh: '这个工作站之上没有乡镇或街道党委',
    en: 'this work station has no township or subdistrict committee above it',
  },
  answerAfterPassedUp: {
    reason: R.NOT_BEFORE,
    zh: '意见已于 {on} 向上转交；党委在此之后答复',
    en: 'it was passed up on {on}; the committee answers after that',
  },
  replyRequired: { reason: R.REQUIRED, zh: '请写明答复内容', en: 'say what was answered' },
  replierRequired: { reason: R.REQUIRED, zh: '请写明答复人', en: 'say who answered' },
  feedbackOnIssueList: {
    reason: R.DUPLICATE,
    zh: '这条意见已在问题清单上',
    en: 'this feedback is already on the issue list',
  },
  itemCodeTitle: { reason: R.REQUIRED, zh: '每一项都要有代码和名称', en: 'every item has a code and a title' },
  codeTwice: { reason: R.DUPLICATE, zh: '代码 {code} 出现了两次', en: 'code {code} appears twice' },
  mattersOfVillage: {
    reason: R.NOT_A_VILLAGE,
    zh: '重大事项属于村、社区党支部',
    en: 'major matters belong to a village or community branch',
  },
  titleRequired: { reason: R.REQUIRED, zh: '事项需要标题', en: 'a matter needs a title' },
  amountFen: {
    reason: R.OUT_OF_RANGE,
    zh: '金额（分）应为零或正整数',
    en: 'amountFen is a whole number of fen, zero or more',
  },
  amountRequired: {
    reason: R.REQUIRED,
    zh: '财务支出事项需要填写金额',
    en: 'a financial expenditure needs its amount',
  },
  sameVillageAgain: {
    reason: R.NOT_ALLOWED_HERE,
    zh: '事项只能由同一个村重新提出',
    en: 'a matter is proposed again by the same village',
  },
  onlyRejectedAgain: {
    reason: R.WRONG_STATE,
    zh: '只有被否决的事项才能重新提出；这个事项的状态是{status}',
    en: 'only a rejected matter can be proposed again; this one is {status}',
  },
  alreadyProposedAgain: {
    reason: R.DUPLICATE,
    zh: '这个被否决的事项已经重新提出过',
    en: 'this rejected matter has already been proposed again',
  },
  afterRejection: {
    reason: R.NOT_BEFORE,
    zh: '事项于 {on} 被否决；新的提议应在此之后',
    en: 'it was rejected on {on}; the new proposal comes after',
  },
  rejectedAt: {
    reason: R.MATTER_CLOSED,
    zh: '事项在“{step}”被否决；请作为新事项重新提出',
    en: 'the matter was rejected at {step}; propose it again as a new matter',
  },
  completed: {
    reason: R.MATTER_CLOSED,
    zh: '事项已完成：结果已公开',
    en: 'the matter is completed: its result has been disclosed',
  },
  stepAlreadyRecorded: {
    reason: R.MATTER_STEP_OUT_OF_ORDER,
    zh: '“{step}”已经登记过：下一步是“{next}”',
    en: '{step} has already been recorded: the next step is {next}',
  },
  stepNotYet: {
    reason: R.MATTER_STEP_OUT_OF_ORDER,
    zh: '还不能进行“{step}”：下一步是“{next}”',
    en: '{step} cannot come yet: the next step is {next}',
  },
  stepsFollow: {
    reason: R.NOT_BEFORE,
    zh: '上一步在 {on}；各步骤依次进行',
    en: 'the previous step was on {on}; steps follow one another',
  },
  entitledMismatch: {
    reason: R.COUNT_MISMATCH,
    zh: '{entitlement}；请更正党员名册或不计入的党员，或不填 eligible',
    en: '{entitlement}; correct the register or the members excused, or leave eligible out',
  },
  nobodyCanVote: { reason: R.COUNT_MISMATCH, zh: '{entitlement}：没有人能表决', en: '{entitlement}: nobody can vote' },
  entitlement: {
    reason: R.COUNT_MISMATCH,
    zh: '{day} 有表决权的 {entitled} 人（正式党员 {fullMembers} 人{less}）',
    en: 'entitled to vote {entitled} of {fullMembers} full members on {day}{less}',
  },
  entitlementLess: { reason: R.COUNT_MISMATCH, zh: '，其中{parts}', en: ' ({parts})' },
  suspendedCount: { reason: R.COUNT_MISMATCH, zh: '停止党籍 {count} 人', en: '{count} suspended' },
  excusedCount: { reason: R.COUNT_MISMATCH, zh: '支部不计入 {count} 人', en: '{count} not counted by the branch' },
  meetingKindRequired: {
    reason: R.REQUIRED,
    zh: '请写明作出决议的会议：村民会议或村民代表会议',
    en: "name the meeting that resolved: villagers' or representatives'",
  },
  eligibleRequired: {
    reason: R.REQUIRED,
    zh: '请填写应到人数（18 周岁以上村民，或村民代表）',
    en: 'give the number entitled to attend (villagers aged 18 or over, or representatives)',
  },
  channelsRequired: { reason: R.REQUIRED, zh: '公开需要写明渠道', en: 'a disclosure names its channels' },
  placeRequired: { reason: R.REQUIRED, zh: '公开需要写明公开地点', en: 'a disclosure names where it was published' },
  notesRequired: { reason: R.REQUIRED, zh: '实施记录需要写明做了什么', en: 'an execution record says what was done' },
  notReached: {
    reason: R.MATTER_STEP_OUT_OF_ORDER,
    zh: '事项还没到“{step}”（目前在“{reached}”）',
    en: 'the matter has not reached {step} (it stands at {reached})',
  },
  findingText: { reason: R.REQUIRED, zh: '监督发现需要写明发现了什么', en: 'a finding says what was found' },
  betweenProposalAndToday: {
    reason: R.OUT_OF_RANGE,
    zh: '{field}应在提议之日到今天之间',
    en: '{field} falls between the proposal and today',
  },
  presentAndFor: {
    reason: R.REQUIRED,
    zh: '会议要记录到会人数和赞成票数',
    en: 'a meeting records how many were present and how many voted for',
  },
  noneEntitled: { reason: R.COUNT_MISMATCH, zh: '没有{who}', en: 'no {who} are entitled to attend' },
  presentRange: {
    reason: R.COUNT_MISMATCH,
    zh: '到会人数应在 0 到 {eligible} 名{who}之间',
    en: 'present must be between 0 and the {eligible} {who}',
  },
  votesExceed: {
    reason: R.COUNT_MISMATCH,
    zh: '赞成、反对和弃权票合计（{cast}）不能超过到会人数（{present}）',
    en: 'votes for, against and abstaining ({cast}) cannot exceed those present ({present})',
  },
  householdsBoth: {
    reason: R.REQUIRED,
    zh: '户代表会议要同时填写户数和到会代表的户数',
    en: 'a meeting of household representatives gives both the households and those represented',
  },
  householdsPositive: { reason: R.OUT_OF_RANGE, zh: '户数应为一或以上', en: 'households is one or more' },
  householdsRange: {
    reason: R.COUNT_MISMATCH,
    zh: '到会代表的户数应在 0 到 {households} 户之间',
    en: 'households represented must be between 0 and the {households} households',
  },
  householdsByPresent: {
    reason: R.COUNT_MISMATCH,
    zh: '每户到会需有人出席：{householdsPresent} 户不能由 {present} 名到会者代表',
    en: 'each household represented sends someone present: {householdsPresent} households cannot be represented by {present} present',
  },
  notFullMember: {
    reason: R.NOT_COUNTED,
    zh: '该党员在 {day} 不是本支部的正式党员，本来就不计入',
    en: 'this member is not a full member of the branch on {day}, so is not counted anyway',
  },
  listedTwice: { reason: R.DUPLICATE, zh: '该党员被列了两次', en: 'this member is listed twice' },
  suspensionsRead: {
    reason: R.NOT_ALLOWED_HERE,
    zh: '停止党籍从已登记的决定（流动党员）读取，不用手填',
    en: 'suspensions are read from the recorded decision (mobile members), not typed in',
  },
  alreadySuspended: {
    reason: R.NOT_COUNTED,
    zh: '该党员在 {day} 已停止党籍：本来就不计入',
    en: "this member's membership is suspended on {day}: already not counted",
  },
  otherReason: { reason: R.REQUIRED, zh: '请写明其他原因', en: 'say what the other reason is' },
  disclosurePeriod: {
    reason: R.DISCLOSURE_PERIOD,
    zh: '决议于 {on} 公开，公示 {days} 天至 {until}：实施从 {from} 开始',
    en: 'the resolution was disclosed on {on} and stays disclosed {days} days, to {until}: execution starts from {from}',
  },
  fieldOfSteps: {
    reason: R.WRONG_STEP_FIELD,
    zh: '{field}属于“{steps}”，不属于“{step}”',
    en: '{field} belongs to {steps}, not {step}',
  },
  householdsOfVillagersMeeting: {
    reason: R.WRONG_STEP_FIELD,
    zh: '{field}属于村民会议作出的决议（户数的法定人数，村民委员会组织法第二十二条）',
    en: "{field} belongs to a resolution by the villagers' meeting (its quorum of households, 村民委员会组织法 art. 22)",
  },
  dueDisclosuresOfVillage: {
    reason: R.NOT_A_VILLAGE,
    zh: 'dueDisclosures 只对村、社区党支部查询；其上请用 disclosureCompliance',
    en: 'dueDisclosures is asked of a village or community branch; above them, use disclosureCompliance',
  },
  supervisorsOnly: {
    reason: R.NOT_A_SUPERVISOR,
    zh: '监督发现由{village}村务监督委员会成员登记：你的账号没有关联到在 {on} 担任该职务的党员',
    en: 'Findings are recorded by members of the village affairs supervision committee (村务监督委员会) of {village}: your account is not linked to a member holding that post on {on}',
  },
});

export const VILLAGE_LABELS = {
  matter: l('事项', 'matter'),
  feedback: l('群众意见', 'feedback'),
  publishedOn: l('公开日期', 'publishedOn'),
  receivedOn: l('收到日期', 'receivedOn'),
  proposedOn: l('提议日期', 'proposedOn'),
  heldOn: l('日期', 'heldOn'),
  passedOn: l('转交日期', 'passedOn'),
  repliedOn: l('答复日期', 'repliedOn'),
  recordedOn: l('登记日期', 'recordedOn'),
  inVillageUnderStation: l('本工作站下的村', 'in a village under this station'),
  inThisVillage: l('本村', 'in this village'),
  entitledToVote: l('有表决权的党员', 'entitled to vote'),
  villagers: l('18 周岁以上村民', 'villagers aged 18 or over'),
  representatives: l('村民代表', 'representatives'),
};

/** Reminder texts (services/reminders.ts). */
export const VILLAGE_REMINDERS = defineMessages('village-affairs', {
  remindDisclosure: {
    reason: CoreReason.REMINDER,
    zh: '{unit}应于 {day} 前公开{category}（{from} 至 {to}）',
    en: '{unit} must disclose {category} for {from} to {to} by {day}',
  },
  remindFeedbackReply: {
    reason: CoreReason.REMINDER,
    zh: '{unit}收到的一条意见（{received}）应于 {day} 前答复：件件有回音',
    en: '{unit} must answer an opinion received on {received} by {day}',
  },
});
