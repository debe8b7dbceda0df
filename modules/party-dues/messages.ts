import { defineMessages, defineReasons, ErrorReason as CoreReason, localized as l } from '#module-kit';

/** Party dues' own reasons and messages (src/messages/catalogue.ts), under the module's name. */
export const DuesReason = defineReasons('party-dues', {
  AMOUNT_NOT_POSITIVE: '金额须为正 — an amount of dues must be more than zero fen',
  MONTH_IN_FUTURE: '月份未到 — dues cannot be recorded for a month that has not begun',
  DUES_NOT_OF_BRANCH: '非本支部党员 — the member did not belong to the branch in that month',
  BEFORE_PROBATION: '预备期前 — dues run from the month the branch voted the member in',
  NOT_ASSESSED: '未核定 — no declared income or basis is in force for that month',
  INCOME_REQUIRED: '须申报收入 — pay or a pension is assessed on the declared monthly income',
  NOT_ABOVE: '非上级党委 — a reduction is approved by a party committee above the branch, never a work station',
  OVERLAPPING: '减免重叠 — a reduction is already recorded for some of those months',
  ARREARS: '连续未交党费 — dues unpaid for consecutive months (a flag for the branch, Party Constitution art. 9)',
});
const R = { ...CoreReason, ...DuesReason };

export const DUES_MESSAGES = defineMessages('party-dues', {
  amountNotPositive: { reason: R.AMOUNT_NOT_POSITIVE, zh: '金额须大于 0 分', en: 'the amount must be more than 0 fen' },
  monthInFuture: {
    reason: R.MONTH_IN_FUTURE,
    zh: '{month} 尚未开始，不能登记',
    en: '{month} has not begun and cannot be recorded',
  },
  notOfThisBranch: {
    reason: R.DUES_NOT_OF_BRANCH,
    zh: '{member}在 {month} 不是{unit}的党员',
    en: '{member} did not belong to {unit} in {month}',
  },
  beforeProbation: {
    reason: R.BEFORE_PROBATION,
    zh: '{member}于 {joinedOn} 被接收为预备党员，此前月份不交党费',
    en: '{member} became a probationary member on {joinedOn}; no dues are owed before that month',
  },
  notAssessed: {
    reason: R.NOT_ASSESSED,
    zh: '{member}在 {month} 没有生效的党费核定，请先申报收入',
    en: '{member} has no dues assessment in force for {month}; declare the income first',
  },
  incomeRequired: {
    reason: R.INCOME_REQUIRED,
    zh: '按工资或离退休费交纳的，须申报月收入（分）',
    en: 'dues on pay or a pension need the declared monthly income (fen)',
  },
  incomeNotAllowed: {
    reason: R.NOT_ALLOWED_HERE,
    zh: '按定额交纳的，不填月收入',
    en: 'a flat amount takes no declared income',
  },
  negativeIncome: { reason: R.OUT_OF_RANGE, zh: '月收入不能为负数', en: 'the monthly income cannot be negative' },
  notAbove: {
    reason: R.NOT_ABOVE,
    zh: '{committee}不是{unit}的上级党委：党费减免由党支部研究后报上级党委批准，党建工作站不能批准',
    en: '{committee} is not a party committee above {unit}: a reduction or exemption is approved by a party committee above the branch, never by a work station',
  },
  reductionNotLess: {
    reason: R.OUT_OF_RANGE,
    zh: '减免后金额须少于核定金额 {assessed} 分',
    en: 'the reduced amount must be less than the assessed {assessed} fen',
  },
  overlapping: {
    reason: R.OVERLAPPING,
    zh: '{member}在 {month} 已有减免记录',
    en: '{member} already has a reduction recorded for {month}',
  },
  toBeforeFrom: { reason: R.NOT_BEFORE, zh: '截止月份不能早于起始月份', en: 'the last month cannot precede the first' },
  reasonRequired: { reason: R.REQUIRED, zh: '请写明理由', en: 'give the reason' },
  arrearsDetail: {
    reason: R.ARREARS,
    zh: '{since} 至 {through} 未交，共 {months} 个月 欠 {owed} 元',
    en: 'unpaid {since} to {through}: {months} months, {owed} yuan owed',
  },
});

export const DUES_LABELS = {
  paidOn: l('交纳日期', 'paidOn'),
  publishedOn: l('公开日期', 'publishedOn'),
  approvedOn: l('批准日期', 'approvedOn'),
  payment: l('党费交纳记录', 'payment'),
  disclosure: l('党费收缴公开', 'disclosure'),
};
