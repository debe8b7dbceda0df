import { defineMessages, defineReasons, ErrorReason as CoreReason, localized as l } from '#module-kit';

/** Star rating's own reasons and messages (src/messages/catalogue.ts), under the module's name. */
export const StarReason = defineReasons('star-rating', {
  YEAR_NOT_OVER: '年度未结束 — model stars are confirmed after the year ends',
  QUARTER_NOT_OVER: '季度未结束 — grades are fixed after the quarter ends',
  QUARTER_FIXED: '季度已定级 — the quarter’s grades are fixed',
  YEAR_CLOSED: '年度已关闭 — every quarter of the year is fixed',
  NOT_PROPOSED: '不符合推荐条件 — the rule does not propose the subject',
  NOT_GRADED: '未评定 — the subject is not graded for the year',
  SCHEME_ADOPTED_LATE: '方案确定过晚 — scoring already started under another scheme',
  BAD_THRESHOLDS: '星级分数线不对 — five rising, positive thresholds',
  BAD_POINTS: '分值不对 — the points do not fit the criterion’s kind',
  RECORDED_TOO_LATE: '登记超期 — the entry is recorded after its deadline',
  CRITERION_NOT_APPLICABLE: '条目不适用 — the criterion does not apply to this subject',
  SAME_PERSON: '须由他人确认 — an entry is confirmed by someone other than its recorder',
  NOT_A_SUBJECT: '不是创星对象 — stars are for members, branches and grassroots committees',
  NO_COUNTY_ABOVE: '没有上级县委 — no county above to confirm',
});
const R = { ...CoreReason, ...StarReason };

export const STAR_MESSAGES = defineMessages('star-rating', {
  yearNotOver: {
    reason: R.YEAR_NOT_OVER,
    zh: '年度到 {year}-12-31 结束；示范星在年度结束后确认',
    en: 'the year ends on {year}-12-31; model stars are confirmed after it',
  },
  countyReasons: { reason: R.REQUIRED, zh: '请写明县委的理由', en: 'give the county’s reasons' },
  alreadyModelStar: {
    reason: R.DUPLICATE,
    zh: '{subject}已是 {year} 年的示范星',
    en: '{subject} is already a model star for {year}',
  },
  notGraded: { reason: R.NOT_GRADED, zh: '{subject}没有 {year} 年的评定', en: '{subject} is not graded for {year}' },
  notProposed: {
    reason: R.NOT_PROPOSED,
    zh: '按规则不推荐{subject}：{unmet}',
    en: 'the rule does not propose {subject}: {unmet}',
  },
  thresholds: {
    reason: R.BAD_THRESHOLDS,
    zh: '需要五个递增的正数分数线（一星到五星）',
    en: 'five rising, positive thresholds (one to five stars)',
  },
  schemeExists: {
    reason: R.DUPLICATE,
    zh: '{unit}已有 {year} 年{type}的创星方案',
    en: '{unit} already has a {type} scheme for {year}',
  },
  criteriaOrCopy: {
    reason: R.ONE_OF,
    zh: '请给出评分条目，或要复制的方案（copyFromId），不要两者都给',
    en: 'give criteria or a scheme to copy (copyFromId), not both',
  },
  copyAcrossTypes: {
    reason: R.NOT_ALLOWED_HERE,
    zh: '{from}的方案不能复制为{to}的方案：不同对象的评分条目不同',
    en: 'a {from} scheme is not copied into a {to} scheme: criteria differ by kind of subject',
  },
  entriesUnderOther: {
    reason: R.SCHEME_ADOPTED_LATE,
    zh: '{unit}下{type}对象 {year} 年已有 {entries} 条积分记录登记在另一方案下：单位应在开始积分之前确定当年方案',
    en: '{entries} score-book entries of {year} are already recorded under another scheme for {type} subjects under {unit}: a unit adopts its scheme for a year before scoring starts there',
  },
  gradedUnderOther: {
    reason: R.SCHEME_ADOPTED_LATE,
    zh: '{year} 年 12 月 31 日在{unit}下的 {graded} 个{type}对象已按另一方案评定：单位应在开始积分之前确定当年方案',
    en: '{graded} {type} subjects were graded for {year} under another scheme where they stood under {unit} on 31 December {year}: a unit adopts its scheme for a year before scoring starts there',
  },
  codeTwice: { reason: R.DUPLICATE, zh: '条目代码 {code} 出现了两次', en: 'code {code} appears twice' },
  regularEarns: { reason: R.BAD_POINTS, zh: '加分条目的分值应为正数', en: 'a regular criterion earns points' },
  deductionTakes: {
    reason: R.BAD_POINTS,
    zh: '扣分条目的分值应为零或负数',
    en: 'a deduction takes points off (zero or negative points)',
  },
  deductionTakesSomething: {
    reason: R.BAD_POINTS,
    zh: '扣分条目应扣分或降星',
    en: 'a deduction takes points or stars off',
  },
  capPositive: { reason: R.BAD_POINTS, zh: '上限应为正数', en: 'a cap is positive' },
  sourceTwice: {
    reason: R.DUPLICATE,
    zh: '一个方案只能有一个条目来自{source}',
    en: 'only one criterion of a scheme is fed by {source}',
  },
  sourceOnlyRegular: {
    reason: R.BAD_POINTS,
    zh: '只有加分条目可以来自其他记录（每次出席记 1 次）',
    en: 'only a regular criterion is fed by other records (one entry per attendance)',
  },
  criteriaRequired: {
    reason: R.REQUIRED,
    zh: '方案需要评分条目（或要复制的方案）',
    en: 'a scheme needs criteria (or a scheme to copy)',
  },
  quantity: {
    reason: R.OUT_OF_RANGE,
    zh: '数量应为 1 到 1000 的整数',
    en: 'quantity is a whole number from 1 to 1000',
  },
  tooLate: {
    reason: R.RECORDED_TOO_LATE,
    zh: '{month} 的积分应在 {deadline} 前登记（政策 recordWithinMonthsAfter：{months}）；这一条已超期',
    en: 'entries for {month} are recorded by {deadline} (policy recordWithinMonthsAfter: {months}); this one is too late',
  },
  quarterFixedEntries: {
    reason: R.QUARTER_FIXED,
    zh: '{year} 年第 {quarter} 季度的星级已于 {fixedAt} 确定：该季度的积分不再受理',
    en: 'the grades of {year} Q{quarter} were fixed on {fixedAt}: entries for that quarter are refused',
  },
  criterionNotInScheme: {
    reason: R.CRITERION_NOT_APPLICABLE,
    zh: '该条目不在当年适用于此对象的方案中',
    en: 'the criterion is not in the scheme that applies to this subject in that year',
  },
  criterionForCategory: {
    reason: R.CRITERION_NOT_APPLICABLE,
    zh: '该条目只适用于{category}',
    en: 'this criterion applies to {category} members',
  },
  alreadyConfirmed: { reason: R.ALREADY_DONE, zh: '该积分已确认', en: 'the entry is already confirmed' },
  otherConfirms: {
    reason: R.SAME_PERSON,
    zh: '积分须由登记人以外的人确认',
    en: 'an entry is confirmed by someone other than its recorder',
  },
  quarterFixedWithout: {
    reason: R.QUARTER_FIXED,
    zh: '{day} 所在季度已于 {fixedAt} 定级，未含这一条：它不再计入',
    en: 'the quarter of {day} was fixed on {fixedAt} without this entry: it no longer counts',
  },
  onlyConfirmedCorrected: {
    reason: R.WRONG_STATE,
    zh: '只有已确认的积分才需更正；已登记未确认的，不确认即可',
    en: 'only a confirmed entry is corrected; a recorded one is simply not confirmed',
  },
  correctionNotCorrected: {
    reason: R.WRONG_STATE,
    zh: '更正记录本身不能再更正；请登记一条新积分',
    en: 'a correction is not itself corrected; record a new entry',
  },
  alreadyCorrected: { reason: R.ALREADY_DONE, zh: '该积分已更正过', en: 'this entry was already corrected' },
  sayWhy: { reason: R.REQUIRED, zh: '请说明原因', en: 'say why' },
  fixedQuarterRefused: {
    reason: R.QUARTER_FIXED,
    zh: '{day} 所在季度已于 {fixedAt} 定级；已定级季度的更正不受理（政策 fixedQuarterCorrections：REFUSE）',
    en: 'the quarter of {day} was fixed on {fixedAt}; corrections of a fixed quarter are refused (policy fixedQuarterCorrections: REFUSE)',
  },
  yearClosed: {
    reason: R.YEAR_CLOSED,
    zh: '{year} 年自该积分起的每个季度都已定级：该年度不再受理更正',
    en: "every quarter of {year} from the entry's on is fixed: the year is closed to corrections",
  },
  quarterNotOver: {
    reason: R.QUARTER_NOT_OVER,
    zh: '季度到 {end} 结束；星级在季度结束后确定',
    en: 'the quarter ends on {end}; grades are fixed after it',
  },
  yearRange: { reason: R.OUT_OF_RANGE, zh: '年份应在 2000 到 2100 之间', en: 'year must be between 2000 and 2100' },
  quarterRange: { reason: R.OUT_OF_RANGE, zh: '季度为 1–4', en: 'quarter is 1–4' },
  firstRange: { reason: R.PAGE_TOO_LARGE, zh: 'first 应在 1 到 200 之间', en: 'first must be between 1 and 200' },
  modelStarsFor: {
    reason: R.NOT_A_SUBJECT,
    zh: '示范星只评党支部和党委',
    en: 'model stars are for branches and committees',
  },
  modelStarsForCommittees: {
    reason: R.NOT_A_SUBJECT,
    zh: '示范星只评党支部和基层、乡镇或街道党委',
    en: 'model stars are for branches and grassroots, township or subdistrict committees',
  },
  starsFor: {
    reason: R.NOT_A_SUBJECT,
    zh: '星级只评党员、党支部和基层党委',
    en: 'stars are for members, branches and grassroots committees',
  },
  noCountyAbove: {
    reason: R.NO_COUNTY_ABOVE,
    zh: '{subject}之上没有可确认的县委',
    en: '{subject} has no county above it to confirm',
  },
});

export const STAR_LABELS = {
  entry: l('积分', 'entry'),
  scheme: l('创星方案', 'scheme'),
  criterion: l('评分条目', 'criterion'),
  occurredOn: l('发生日期', 'occurredOn'),
};
