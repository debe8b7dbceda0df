import { defineMessages, defineReasons, ErrorReason as CoreReason, localized as l } from '#module-kit';

/** The issue lists' own reasons and messages (src/messages/catalogue.ts), under the module's name. */
export const IssueReason = defineReasons('issue-lists', {
  NOT_LED_BY: '非上级 — the inspecting unit does not lead the inspected one',
  DEADLINE_PASSED: '期限已过 — the deadline has already passed',
  ISSUE_STEP_OUT_OF_ORDER: '流程不符 — the issue is not in a status that allows this step',
  OUTSIDE_HANDLING_UNIT: '不在办理范围 — the unit is not the handling unit or below it',
  NOT_A_CONFIRMER: '无权销号 — only the level above the solver, or the raiser, confirms',
  ALREADY_MARKED: '已列为重点整顿 — the unit is already marked for key rectification',
  NOT_MARKED: '未列为重点整顿 — the unit is not marked for key rectification',
  FINDINGS_OPEN: '仍有未销号问题 — inspection findings are still open',
  NO_LEVEL_ABOVE: '没有上级 — the unit has no level above',
  RAISED_ELSEWHERE: '另有来源 — raised from the report or inspection itself',
});
const R = { ...CoreReason, ...IssueReason };

export const ISSUE_MESSAGES = defineMessages('issue-lists', {
  notLedBy: { reason: R.NOT_LED_BY, zh: '{by}不是{unit}的上级', en: '{by} does not lead {unit}' },
  inspectorRequired: { reason: R.REQUIRED, zh: '至少写一名检查人', en: 'name at least one inspector' },
  deadlineAfterInspection: {
    reason: R.NOT_BEFORE,
    zh: '整改期限应晚于检查日期',
    en: 'a rectification deadline follows the inspection',
  },
  feedbackOrNotice: {
    reason: R.REQUIRED,
    zh: '请填写反馈、通报，或两者都填',
    en: 'give the feedback, the notice, or both',
  },
  giveTheReason: { reason: R.REQUIRED, zh: '请填写原因', en: 'give the reason' },
  giveAReason: { reason: R.REQUIRED, zh: '请填写原因', en: 'give a reason' },
  alreadyMarked: {
    reason: R.ALREADY_MARKED,
    zh: '{unit}已被列为重点整顿',
    en: '{unit} is already marked for key rectification',
  },
  notMarked: { reason: R.NOT_MARKED, zh: '{unit}未被列为重点整顿', en: '{unit} is not marked for key rectification' },
  findingsOpen: {
    reason: R.FINDINGS_OPEN,
    zh: '{unit}还有 {open} 个检查发现的问题未销号',
    en: '{unit} still has {open} inspection findings not closed',
  },
  titleRequired: { reason: R.REQUIRED, zh: '问题需要标题', en: 'an issue needs a title' },
  categoryOneOf: {
    reason: R.UNKNOWN_VALUE,
    zh: '问题类别应为以下之一：{allowed}',
    en: 'category is one of {allowed}',
  },
  deadlinePassed: { reason: R.DEADLINE_PASSED, zh: '期限已经过了', en: 'the deadline has already passed' },
  stepOutOfOrder: {
    reason: R.ISSUE_STEP_OUT_OF_ORDER,
    zh: '{status}的问题不能{step}',
    en: 'cannot {step} an issue that is {status}',
  },
  responsibleRequired: {
    reason: R.REQUIRED,
    zh: '请指定责任单位或责任人',
    en: 'name a responsible unit or person',
  },
  whyNotSolved: { reason: R.REQUIRED, zh: '请说明为何没有解决', en: 'say why it is not solved' },
  notHandedOver: {
    reason: R.ISSUE_STEP_OUT_OF_ORDER,
    zh: '{status}的问题不能移交',
    en: 'an issue that is {status} is not handed over',
  },
  notBelow: { reason: R.NOT_ALLOWED_HERE, zh: '{to}不在{from}之下', en: '{to} is not below {from}' },
  dissolved: { reason: R.DISSOLVED, zh: '{unit}已撤销', en: '{unit} was dissolved' },
  issueChanged: {
    reason: R.STALE_VERSION,
    zh: '问题已被修改（当前版本 {version}），请重新加载',
    en: 'the issue was changed meanwhile (version {version}); reload it',
  },
  outsideHandling: {
    reason: R.OUTSIDE_HANDLING_UNIT,
    zh: '{unit}不是办理单位，也不在其下',
    en: '{unit} is not the handling unit or below it',
  },
  noLevelAboveUnit: {
    reason: R.NOT_FOUND,
    zh: '组织不存在，或它没有上级',
    en: 'unit not found, or it has no level above',
  },
  noLevelAbove: { reason: R.NO_LEVEL_ABOVE, zh: '{unit}没有上级', en: '{unit} has no level above' },
  confirmByAbove: {
    reason: R.NOT_A_CONFIRMER,
    zh: '只有{unit}（问题在其清单上解决）的上级，或以自身权限提出问题的单位，才能销号；解决者和中间层级都不能',
    en: 'Only the level above {unit} (whose list it was solved on), or the unit that raised it through its own rights, confirms it; not the solver, nor a level between them',
  },
  confirmByRaiser: {
    reason: R.NOT_A_CONFIRMER,
    zh: '{unit}没有上级：由提出问题的单位销号（若是它自己提出的，须由报告解决者以外的人销号）',
    en: '{unit} has no level above it: the unit that raised the issue confirms it (when it raised it itself, someone other than who reported it solved)',
  },
  raisedElsewhere: {
    reason: R.RAISED_ELSEWHERE,
    zh: '周报问题和检查发现的问题要从周报或检查记录中提出',
    en: 'weekly-report problems and inspection findings are raised from the report or the inspection',
  },
});

export const ISSUE_LABELS = {
  issue: l('问题', 'issue'),
  inspection: l('检查', 'inspection'),
  inspectedOn: l('检查日期', 'inspectedOn'),
  /** The steps of the workflow, for "cannot … an issue that is …". */
  steps: {
    ASSIGNED: l('交办', 'assign'),
    STARTED: l('开始办理', 'start'),
    RESOLVED: l('报告解决', 'resolve'),
    CLOSED: l('销号', 'close'),
    REOPENED: l('重新办理', 'reopen'),
  },
};

/** Reminder texts (services/reminders.ts). */
export const ISSUE_REMINDERS = defineMessages('issue-lists', {
  remindIssueDeadline: {
    reason: CoreReason.REMINDER,
    zh: '问题“{title}”应于 {day} 前办结（{unit}负责）',
    en: 'the issue "{title}" must be resolved by {day} ({unit} is responsible)',
  },
});
