import { defineMessages, defineReasons, localized as l } from './catalogue';

/**
 * The core's reasons and messages (src/messages/catalogue.ts). A reason says what is wrong, specific
 * enough for a front end to word it itself and place it beside the field; a message is the core's own
 * wording, Chinese first.
 */
export const ErrorReason = defineReasons('core', {
  // Input values
  REQUIRED: '必填 — a value is required',
  TOO_LONG: '过长 — the value is longer than allowed',
  TOO_SHORT: '过短 — the value is shorter than allowed',
  OUT_OF_RANGE: '超出范围 — a number or date outside the allowed range',
  INVALID_FORMAT: '格式不对 — the value is not in the required form (a code, a phone number, a date)',
  BLANK: '空白 — only white space',
  NUL_CHARACTER: '含空字符 — the text contains U+0000',
  INVALID_TEXT: '非法文本 — the text is not valid Unicode (a lone surrogate)',
  UNKNOWN_VALUE: '未知取值 — not one of the allowed values',
  IN_FUTURE: '晚于今天 — a date that cannot be later than today',
  NOT_BEFORE: '日期顺序不对 — a date earlier than the date it must follow',
  TOO_EARLY: '过早 — a date before the earliest one allowed (the last recorded change, an age limit)',
  TOO_SOON: '未到时间 — a step that can only be taken later',
  ONE_OF: '二选一 — give exactly one of two fields',
  NOT_ALLOWED_HERE: '不适用 — the value is not allowed in this place (a post, a kind of unit, a grant)',
  CONTRADICTS_ID_CARD: '与身份证号不符 — disagrees with the ID card number',
  INVALID_ID_CARD: '身份证号无效 — not a valid resident ID card number',
  NO_CHANGE: '无变化 — the change would leave things as they are',
  DATABASE_RULE: '违反数据规则 — the database refused the value',
  // Objects and state
  NOT_FOUND: '不存在 — no such object, or not visible to the viewer',
  WRONG_ID: '编号类型不对 — the id is not an id of the expected type',
  BAD_CURSOR: '游标无效 — `after` is not a cursor of this list',
  DUPLICATE: '重复 — the value is already used or recorded',
  STALE_VERSION: '版本过期 — someone else changed the object; reload and retry',
  ALREADY_DONE: '已完成 — the step was already taken (ended, revoked, dissolved, departed)',
  DISSOLVED: '已撤销 — the organisation was dissolved',
  DEPARTED: '已离开 — the member has left',
  HAS_CHILDREN: '仍有下级 — sub-units or members are still there',
  WRONG_STATE: '状态不符 — the object is not in a state that allows this',
  PERIOD_CLOSED: '统计期已关闭 — the change is dated inside a closed period',
  PERIOD_NOT_CLOSED: '统计期未关闭 — the period is still open',
  // Signing in and access
  SIGN_IN_REQUIRED: '需要登录 — the request needs a signed-in account',
  BAD_AUTHORIZATION_HEADER: '认证头格式不对 — the Authorization header is not "Bearer <token>"',
  TOKEN_EXPIRED: '令牌已过期 — the access token has expired; refresh it',
  TOKEN_INVALID: '令牌无效 — the token is not valid',
  SESSION_ENDED: '会话已结束 — the session ended; sign in again',
  ACCOUNT_DISABLED: '账号已停用 — the account is disabled or no longer exists',
  WRONG_CREDENTIALS: '用户名或密码错误 — wrong username or password, or the account is disabled',
  REFRESH_TOKEN_REUSED: '刷新令牌重复使用 — a refresh token was used twice; every session of the account ended',
  WEAK_PASSWORD: '密码不合要求 — the password is too short or too long',
  WRONG_PASSWORD: '当前密码错误 — the current password is wrong',
  NOT_PERMITTED: '无权限 — the viewer may not do this here',
  ROLE_TOO_HIGH: '超出授权 — a role above what the viewer holds',
  OWN_ACCOUNT: '本人账号 — not allowed on the viewer’s own account',
  MASKED_DATA: '数据已遮蔽 — depends on data the viewer sees masked',
  NOT_PUBLISHED: '未公开 — not published to members',
  INTROSPECTION_OFF: '不提供结构查询 — introspection is switched off',
  // Modules
  MODULE_OFF: '模块未启用 — the module is switched off for the unit',
  MODULE_NOT_INSTALLED: '模块未安装 — no such module in this deployment',
  // Limits
  QUERY_TOO_DEEP: '嵌套过深 — the query nests too deep',
  TOO_MANY_ALIASES: '别名过多 — too many aliases',
  TOO_MANY_ROOT_FIELDS: '根字段过多 — too many root fields',
  QUERY_TOO_COSTLY: '查询过大 — the query could return too many nodes',
  TOO_MANY_OBJECTS: '返回对象过多 — the answer produced too many objects',
  ANSWER_TOO_LARGE: '返回数据过大 — the answer is too large',
  TOO_SLOW: '运行超时 — the operation ran too long',
  PAGE_TOO_LARGE: '每页过多 — `first` or a list of ids is larger than allowed',
  BUDGET_USED_UP: '额度用完 — the hourly budget is used up',
  TOO_MANY_ATTEMPTS: '尝试过多 — too many attempts; wait',
  TOO_MANY_STATEMENTS: '并发过多 — too many statements of the account are running',
  TOO_MANY_ROWS: '行数过多 — the export would hold more rows than allowed',
  TOO_MANY_SUBSCRIPTIONS: '订阅过多 — the account holds as many open subscriptions as allowed',
  // Failures
  DATABASE_UNAVAILABLE: '数据库不可用 — the database cannot be reached just now',
  OUTCOME_UNKNOWN: '结果未知 — the change may or may not have been saved',
  INTERNAL: '内部错误 — an unexpected failure',
  // GraphQL itself (messages of graphql-js, in English)
  GRAPHQL_PARSE_FAILED: '语法错误 — the document is not valid GraphQL',
  GRAPHQL_VALIDATION_FAILED: '校验失败 — the document does not fit the schema',
  INVALID_VARIABLES: '变量有误 — a variable does not fit its type',
  OPERATION_RESOLUTION_FAILURE: '找不到操作 — the operation to run cannot be chosen',
  BAD_REQUEST: '请求有误 — the HTTP request is not a GraphQL request',
  // Spreadsheet exports (POST /export)
  NOT_A_QUERY: '不是查询 — only a query can be exported, not a mutation or subscription',
  NO_SUCH_LIST: '没有该列表 — `rows` names no list of the query',
  // Reminders (Reminder.message): not errors, but read by people like them
  REMINDER: '提醒 — not an error: the text of a reminder of a deadline',
});
const R = ErrorReason;

/** Labels of fields and things the core's messages name. */
export const LABELS = {
  unit: l('组织', 'unit'),
  reminder: l('提醒', 'reminder'),
  parent: l('上级组织', 'parent'),
  newParent: l('新上级组织', 'new parent'),
  member: l('党员', 'member'),
  branch: l('党支部', 'branch'),
  partyGroup: l('党小组', 'party group'),
  post: l('职务', 'post'),
  account: l('账号', 'account'),
  grant: l('授权', 'grant'),
  webhook: l('回调地址', 'webhook'),
  webhookDelivery: l('投递记录', 'webhook delivery'),
  session: l('会话', 'session'),
  name: l('姓名', 'name'),
  code: l('组织代码', 'code'),
  username: l('用户名', 'username'),
  establishedOn: l('成立日期', 'establishedOn'),
  effectiveOn: l('生效日期', 'effectiveOn'),
  dissolvedOn: l('撤销日期', 'dissolvedOn'),
  termStart: l('任期开始日期', 'termStart'),
  termEnd: l('任期结束日期', 'termEnd'),
  endedOn: l('结束日期', 'endedOn'),
  departedOn: l('离开日期', 'departedOn'),
  decidedOn: l('决定日期', 'decidedOn'),
  joinedOn: l('入党日期', 'joinedOn'),
  fullMemberSince: l('转正日期', 'fullMemberSince'),
  birthDate: l('出生日期', 'birthDate'),
  gender: l('性别', 'gender'),
  category: l('党员类别', 'category'),
  education: l('学历', 'education'),
  phone: l('手机号', 'phone'),
  idCardNumber: l('身份证号', 'idCardNumber'),
  reason: l('原因', 'reason'),
  wholeDeployment: l('全系统', 'the whole deployment'),
  thisUnit: l('本组织', 'this unit'),
  yourAccount: l('你的账号', 'Your account'),
  yourAddress: l('你的地址', 'Your address'),
};

/** Permission verbs, for FORBIDDEN. */
export const VERBS = {
  ADMINISTER: l('管理', 'administer'),
  READ: l('查看', 'read'),
  WRITE: l('修改', 'change'),
  MODULE_WORK: l('办理模块业务于', 'do module work for'),
};

/** Why a session ended (AuthService). */
export const SESSION_ENDINGS = {
  LOGOUT: l('已退出登录', 'signed out'),
  PASSWORD_CHANGED: l('密码已修改', 'the password was changed'),
  REFRESH_REPLAYED: l(
    '用过的刷新令牌被再次提交，账号的所有会话均已结束',
    'a used refresh token was presented again, so every session of the account was ended',
  ),
  ACCOUNT_DISABLED: l('账号已停用', 'the account was disabled'),
  LEGACY: l('在本版本服务器之前就已结束', 'it was ended before this version of the server'),
};

export const CORE_MESSAGES = defineMessages('core', {
  // Generic input rules: {field} is a label (LABELS) or, in an import, the column as the file named it.
  required: { reason: R.REQUIRED, zh: '{field}不能为空', en: '{field} is required' },
  requiredWithout: {
    reason: R.REQUIRED,
    zh: '没有身份证号时，{field}必填',
    en: '{field} is required when no ID card number is given',
  },
  tooLong: { reason: R.TOO_LONG, zh: '{field}最多{max}个字符', en: '{field} has at most {max} characters' },
  tooShort: { reason: R.TOO_SHORT, zh: '{field}至少{min}个字符', en: '{field} needs at least {min} characters' },
  lengthBetween: {
    reason: R.TOO_LONG,
    zh: '{field}应为{min}至{max}个字符',
    en: '{field} must be {min}–{max} characters',
  },
  atLeast: { reason: R.OUT_OF_RANGE, zh: '{field}不能小于{min}', en: '{field} must not be less than {min}' },
  atMost: { reason: R.OUT_OF_RANGE, zh: '{field}不能大于{max}', en: '{field} must not be greater than {max}' },
  notADate: {
    reason: R.INVALID_FORMAT,
    zh: '日期应为 YYYY-MM-DD 格式的有效日期，收到的是 {value}',
    en: 'Date must be a calendar date in YYYY-MM-DD form, got {value}',
  },
  dateNotString: {
    reason: R.INVALID_FORMAT,
    zh: '日期应为 YYYY-MM-DD 格式的字符串',
    en: 'Date must be a string in YYYY-MM-DD form',
  },
  fromAfterTo: { reason: R.NOT_BEFORE, zh: 'from 不能晚于 to', en: 'from must not be after to' },
  rangeTooLong: { reason: R.OUT_OF_RANGE, zh: '日期范围最多 {max} 天', en: 'a range covers at most {max} days' },
  invalidValue: {
    reason: R.INVALID_FORMAT,
    zh: '{field}不符合要求（{rule}）',
    en: '{field}: {rule}',
  },
  notInteger: { reason: R.INVALID_FORMAT, zh: '{field}应为整数', en: '{field} must be an integer' },
  notCalendarDate: { reason: R.INVALID_FORMAT, zh: '{field}不是有效的日期', en: '{field} must be a calendar date' },
  notPastDate: {
    reason: R.IN_FUTURE,
    zh: '{field}应为今天或以前的有效日期',
    en: '{field} must be a past calendar date',
  },
  blank: { reason: R.BLANK, zh: '{field}不能只有空白字符', en: '{field}: must contain more than white space' },
  unknownValue: { reason: R.UNKNOWN_VALUE, zh: '{field}的取值“{value}”无法识别', en: 'unknown {field} "{value}"' },
  unknownCategory: { reason: R.UNKNOWN_VALUE, zh: '{field}的取值无法识别', en: 'unknown {field}' },
  inFuture: { reason: R.IN_FUTURE, zh: '{field}不能晚于今天', en: '{field} cannot be in the future' },
  notBefore: { reason: R.NOT_BEFORE, zh: '{field}不能早于{other}', en: '{field} cannot precede {other}' },
  mustFollow: { reason: R.NOT_BEFORE, zh: '{field}应晚于{other}', en: '{field} must follow {other}' },
  tooEarlyAfterChange: {
    reason: R.TOO_EARLY,
    zh: '{field}不能早于最近一次变更（{since}）',
    en: '{field} cannot precede the last change ({since})',
  },
  mustFollowChange: {
    reason: R.TOO_EARLY,
    zh: '{field}应晚于该组织最近一次变更（{since}）',
    en: "{field} must follow the unit's last change ({since})",
  },
  databaseRule: {
    reason: R.DATABASE_RULE,
    zh: '输入中的某个值违反了数据规则 {rule}',
    en: 'A value of the input breaks the rule {rule}',
  },
  databaseRange: {
    reason: R.DATABASE_RULE,
    zh: '输入中的某个值超出范围或格式不对',
    en: 'A value of the input is out of range or not in a form it can take',
  },
  argumentRange: {
    reason: R.DATABASE_RULE,
    zh: '该字段的某个参数超出范围或格式不对',
    en: 'An argument of this field is out of range or not in a form it can take',
  },
  duplicate: { reason: R.DUPLICATE, zh: '这会与已有记录重复', en: 'This would duplicate an existing record' },
  exactlyOneOf: { reason: R.ONE_OF, zh: '{a}和{b}只能填一个，且必须填一个', en: 'give exactly one of {a} and {b}' },

  // Input strings (src/graphql/input-check.ts)
  stringTooLong: {
    reason: R.TOO_LONG,
    zh: '{field}有{length}个字符，上限是{max}',
    en: '{field} is {length} characters long; the limit is {max}',
  },
  nulCharacter: {
    reason: R.NUL_CHARACTER,
    zh: '{field}含有空字符（U+0000），不允许',
    en: '{field} contains a NUL character (U+0000), which is not allowed',
  },
  loneSurrogate: {
    reason: R.INVALID_TEXT,
    zh: '{field}含有孤立的代理字符（U+{code}），不是有效的 Unicode 文本',
    en: '{field} contains a lone surrogate (U+{code}): it is not valid Unicode text',
  },
  argumentProblems: { reason: R.INVALID_FORMAT, zh: '{list}', en: '{list}' },

  // Objects
  notFound: { reason: R.NOT_FOUND, zh: '{what}不存在', en: '{what} not found' },
  wrongId: { reason: R.WRONG_ID, zh: '{field}不是{type}的编号', en: '{field} is not the id of a {type}' },
  badCursor: { reason: R.BAD_CURSOR, zh: '{argument} 不是本列表的游标', en: '{argument} is not a cursor of this list' },
  cursorOfOtherOrder: {
    reason: R.BAD_CURSOR,
    zh: '{argument} 不是本列表按此顺序的游标（游标带着列表的顺序：改了 orderBy 后请从头分页）',
    en: "{argument} is not a cursor of this list in this order (a cursor holds its list's order: page again from the start after changing orderBy)",
  },
  pagingBothWays: {
    reason: R.INVALID_FORMAT,
    zh: '分页要么用 first/after 向后翻，要么用 last/before 向前翻，一次请求不能同时用两种',
    en: 'Page forwards with first/after or backwards with last/before, not both in one request',
  },
  pageSize: {
    reason: R.PAGE_TOO_LARGE,
    zh: '{argument} 应在 1 到 {max} 之间，收到的是 {value}',
    en: '{argument} must be between 1 and {max}, got {value}',
  },
  tooManyIds: {
    reason: R.PAGE_TOO_LARGE,
    zh: 'nodes 一次最多取 {max} 个编号，收到 {value} 个',
    en: 'nodes takes at most {max} ids, got {value}',
  },
  attachment: {
    reason: R.INVALID_FORMAT,
    zh: '附件应有名称，以及网址或存储键',
    en: 'an attachment is a name and a URL or storage key',
  },
  staleVersion: {
    reason: R.STALE_VERSION,
    zh: '{what}已被他人修改（当前版本 {version}，你提交的是 {sent}），请刷新后重试',
    en: '{what} was changed by someone else (version {version}, you sent {sent}); reload and retry',
  },

  // Signing in (src/auth)
  signInFirst: {
    reason: R.SIGN_IN_REQUIRED,
    zh: '请先登录：发送“Authorization: Bearer <访问令牌>”（见 login 变更）',
    en: 'Sign in first: send "Authorization: Bearer <access token>" (see the login mutation)',
  },
  signInFor: {
    reason: R.SIGN_IN_REQUIRED,
    zh: '请先登录：{fields} 需要已登录的账号。发送“Authorization: Bearer <访问令牌>”（见 login 变更）',
    en: 'Sign in first: {fields} need a signed-in account. Send "Authorization: Bearer <access token>" (see the login mutation).',
  },
  signInToIntrospect: {
    reason: R.SIGN_IN_REQUIRED,
    zh: '登录后才能读取接口结构（结构查询只对已登录账号开放）',
    en: 'Sign in to read the schema (introspection is for signed-in accounts)',
  },
  introspectionOff: {
    reason: R.INTROSPECTION_OFF,
    zh: '本服务器关闭了结构查询',
    en: 'Introspection is switched off on this server',
  },
  badAuthorizationHeader: {
    reason: R.BAD_AUTHORIZATION_HEADER,
    zh: 'Authorization 头应为“Bearer <访问令牌>”',
    en: 'The Authorization header must be "Bearer <access token>"',
  },
  accessTokenExpired: {
    reason: R.TOKEN_EXPIRED,
    zh: '访问令牌已过期：请用 refresh 换新',
    en: 'The access token has expired: use refresh',
  },
  accessTokenInvalid: { reason: R.TOKEN_INVALID, zh: '访问令牌无效', en: 'The access token is not valid' },
  sessionEnded: {
    reason: R.SESSION_ENDED,
    zh: '会话已结束（{why}）：请重新登录',
    en: 'The session has ended ({why}): sign in again',
  },
  accountGone: {
    reason: R.ACCOUNT_DISABLED,
    zh: '账号已停用或不存在',
    en: 'The account is disabled or no longer exists',
  },
  accountDisabled: { reason: R.ACCOUNT_DISABLED, zh: '账号已停用', en: 'The account is disabled' },
  wrongCredentials: {
    reason: R.WRONG_CREDENTIALS,
    zh: '用户名或密码错误，或账号已停用',
    en: 'Wrong username or password, or the account is disabled',
  },
  refreshTokenInvalid: {
    reason: R.TOKEN_INVALID,
    zh: '刷新令牌无效，请重新登录',
    en: 'The refresh token is not valid; sign in again',
  },
  refreshTokenReused: {
    reason: R.REFRESH_TOKEN_REUSED,
    zh: '该刷新令牌已经用过；账号的所有会话均已结束，请重新登录',
    en: 'The refresh token was already used; every session of the account has ended: sign in again',
  },
  loginInput: {
    reason: R.REQUIRED,
    zh: '用户名和密码必填',
    en: 'username and password are required',
  },
  refreshTokenShape: {
    reason: R.INVALID_FORMAT,
    zh: 'refreshToken 应为 login 或 refresh 返回的刷新令牌（10–200 个字符）',
    en: 'refreshToken must be the refresh token that login or refresh returned (10–200 characters)',
  },
  noSession: {
    reason: R.NOT_FOUND,
    zh: '没有会话持有这个刷新令牌：它已结束（退出、被刷新替换或被终止），或从未存在',
    en: 'no session has this refresh token: it has already ended (signed out, replaced by a refresh, or revoked), or it never existed',
  },
  tooManySignIns: {
    reason: R.TOO_MANY_ATTEMPTS,
    zh: '{which}登录失败次数过多（{minutes} 分钟内最多 {limit} 次），请 {retry} 秒后再试',
    en: 'Too many failed sign-ins {which} (at most {limit} in {minutes} minutes); try again in {retry} s',
  },
  usernameShape: {
    reason: R.INVALID_FORMAT,
    zh: '用户名应为 3–64 个小写字母、数字、“.”、“_”或“-”',
    en: 'username: 3–64 lower-case letters, digits, ".", "_" or "-"',
  },
  usernameTaken: { reason: R.DUPLICATE, zh: '用户名 {username} 已被使用', en: 'username {username} is taken' },
  passwordTooShort: {
    reason: R.WEAK_PASSWORD,
    zh: '密码至少需要 {min} 个字符',
    en: 'a password needs at least {min} characters',
  },
  passwordTooLong: {
    reason: R.WEAK_PASSWORD,
    zh: '密码最多 {max} 个字符',
    en: 'a password has at most {max} characters',
  },
  wrongCurrentPassword: { reason: R.WRONG_PASSWORD, zh: '当前密码错误', en: 'the current password is wrong' },
  grantHeld: {
    reason: R.DUPLICATE,
    zh: '该账号在{where}已有 {role} 授权；要重新授予，请先撤销那一项',
    en: 'the account already holds {role} on {where}; revoke that grant first to give it again',
  },
  grantRevoked: { reason: R.ALREADY_DONE, zh: '该授权已被撤销', en: 'the grant was already revoked' },
  ownAccount: { reason: R.OWN_ACCOUNT, zh: '不能停用自己的账号', en: 'you cannot disable your own account' },
  roleTooHigh: {
    reason: R.ROLE_TOO_HIGH,
    zh: '你不能授予 {role}：它高于你在此处持有的权限',
    en: 'You cannot grant {role}: it is more than you hold here',
  },
  memberGrantPlace: {
    reason: R.NOT_ALLOWED_HERE,
    zh: 'MEMBER 授权只能给在与账号关联的党员所在党支部',
    en: 'a MEMBER grant goes on the branch of the member linked to the account',
  },
  stationGrantPlace: {
    reason: R.NOT_ALLOWED_HERE,
    zh: 'STATION_STAFF 授权只能给在工作站',
    en: 'a STATION_STAFF grant goes on a work station',
  },

  // Access (src/auth/guard.ts)
  rootIsForDeploymentAdmins: {
    reason: R.NOT_PERMITTED,
    zh: '只有全系统管理员能在组织树的根上做这件事',
    en: 'Only a deployment administrator may do this at the root of the tree',
  },
  mayNot: { reason: R.NOT_PERMITTED, zh: '你无权{verb}{what}', en: 'You may not {verb} {what}' },
  notAdministrator: { reason: R.NOT_PERMITTED, zh: '你不是{unit}的管理员', en: 'You do not administer {unit}' },
  auditForAdministrators: {
    reason: R.NOT_PERMITTED,
    zh: '审计日志只对管理员开放',
    en: 'The audit log is for administrators',
  },
  notPublished: {
    reason: R.NOT_PUBLISHED,
    zh: '{unit}的 {field} 不向党员公开',
    en: '{field} of {unit} is not published to members',
  },
  idsNotFound: { reason: R.NOT_FOUND, zh: '{list}', en: '{list}' },

  // Modules (src/module-system)
  moduleDisabled: {
    reason: R.MODULE_OFF,
    zh: '“{module}”模块未对{unit}启用：请{unit}或其上级组织的管理员在“模块设置”（setModuleEnabled）中开启',
    en: 'The module {module} is not enabled for {unit}: an administrator of {unit} or of a unit above it can switch it on (setModuleEnabled)',
  },
  moduleNotInstalled: {
    reason: R.MODULE_NOT_INSTALLED,
    zh: '没有安装名为“{module}”的模块（已安装：{installed}）',
    en: 'no module "{module}" is installed (installed: {installed})',
  },
  moduleNotInDeployment: {
    reason: R.MODULE_NOT_INSTALLED,
    zh: '本系统没有安装 {module} 模块',
    en: 'the {module} module is not installed in this deployment',
  },
  switchTooEarly: {
    reason: R.TOO_EARLY,
    zh: 'effectiveOn 不能早于本组织该模块开关的最近一次变更（{since}）',
    en: "effectiveOn cannot precede this unit's last change of the switch ({since})",
  },

  // Figures (src/figures)
  periodClosed: {
    reason: R.PERIOD_CLOSED,
    zh: '{module}自 {periodStart} 起的统计期已于 {closedOn} 关闭：日期为 {from} 的变更会改动已关闭的数字；管理员可以重新开放该统计期（reopenPeriods）',
    en: 'the {module} period starting {periodStart} closed on {closedOn}: a change dated {from} would alter figures already closed; an administrator may reopen it (reopenPeriods)',
  },
  noFiguresModule: {
    reason: R.MODULE_NOT_INSTALLED,
    zh: '没有已安装的“{module}”模块保存统计数字（保存数字的有：{keeping}）',
    en: 'no installed module "{module}" keeps figures (these do: {keeping})',
  },
  reopenReason: {
    reason: R.REQUIRED,
    zh: '必须说明原因（2–500 个字符）',
    en: 'a reason is required (2–500 characters)',
  },
  periodNotClosed: {
    reason: R.PERIOD_NOT_CLOSED,
    zh: '自 {from} 起的统计期尚未关闭：它将于 {closesOn} 关闭',
    en: 'the period starting {from} is not closed yet: it closes on {closesOn}',
  },
  nothingReopened: {
    reason: R.WRONG_STATE,
    zh: '本组织没有重新开放的 {module} 统计期',
    en: 'no period of {module} is reopened for this unit',
  },

  // Organisation (src/org)
  codeShape: {
    reason: R.INVALID_FORMAT,
    zh: '组织代码应为 1–64 个字母、数字、“-”或“_”',
    en: 'code must be 1–64 letters, digits, "-" or "_"',
  },
  codeTaken: { reason: R.DUPLICATE, zh: '组织代码 {code} 已被使用', en: 'code {code} is already used' },
  dissolvedOn: { reason: R.DISSOLVED, zh: '{unit}已于 {on} 撤销', en: '{unit} was dissolved on {on}' },
  dissolvedNothingUnder: {
    reason: R.DISSOLVED,
    zh: '{unit}已于 {on} 撤销：其下不能再新建',
    en: '{unit} was dissolved on {on}: nothing new can be created under it',
  },
  dissolvedNoMove: {
    reason: R.DISSOLVED,
    zh: '{unit}已于 {on} 撤销，不能移动',
    en: '{unit} was dissolved on {on} and cannot be moved',
  },
  alreadyDissolved: {
    reason: R.ALREADY_DONE,
    zh: '{unit}已于 {on} 撤销过',
    en: '{unit} was already dissolved on {on}',
  },
  underItself: {
    reason: R.NOT_ALLOWED_HERE,
    zh: '{parent}在{unit}的下级之中：组织不能移到自己下面',
    en: '{parent} lies inside the subtree of {unit}: a unit cannot move under itself',
  },
  alreadyUnder: { reason: R.NO_CHANGE, zh: '{unit}已经在{parent}之下', en: '{unit} is already under {parent}' },
  needsParent: {
    reason: R.NOT_ALLOWED_HERE,
    zh: '{kind}必须有上级（允许：{allowed}）',
    en: 'a {kind} needs a parent (allowed: {allowed})',
  },
  cannotSitUnder: {
    reason: R.NOT_ALLOWED_HERE,
    zh: '{kind}不能设在{parentKind}之下（允许：{allowed}）',
    en: 'a {kind} cannot sit under a {parentKind} (allowed: {allowed})',
  },
  atRoot: { reason: R.NOT_ALLOWED_HERE, zh: '根', en: 'at the root' },
  stillHasChildren: {
    reason: R.HAS_CHILDREN,
    zh: '{unit}还有 {units} 个在册下级组织和 {members} 名党员：请先转出或撤销下级组织',
    en: '{unit} still has {units} active sub-units and {members} members: move them or dissolve the sub-units first',
  },
  treeDepth: {
    reason: R.OUT_OF_RANGE,
    zh: 'maxDepth 应在 1 到 {max} 之间，收到的是 {value}',
    en: 'maxDepth must be between 1 and {max}, got {value}',
  },
  withinDays: {
    reason: R.OUT_OF_RANGE,
    zh: 'withinDays 应在 0 到 366 之间，收到的是 {value}',
    en: 'withinDays must be between 0 and 366, got {value}',
  },
  postsNotOnGroups: {
    reason: R.NOT_ALLOWED_HERE,
    zh: '职务设在党支部、党委和工作站，不设在党小组',
    en: 'posts are held on branches, committees and work stations, not party groups',
  },
  stationPost: { reason: R.NOT_ALLOWED_HERE, zh: '{role}是工作站的职务', en: '{role} is a work-station post' },
  notAStationPost: {
    reason: R.NOT_ALLOWED_HERE,
    zh: '工作站只设站务职务（站长、专职和兼职工作人员），不设{role}',
    en: 'a work station has station posts (head, full-time and part-time staff), not {role}',
  },
  oneHolder: {
    reason: R.ONE_OF,
    zh: '任职人只能给一个：memberId，或树外人员的 holderName',
    en: 'give exactly one holder: memberId, or holderName for someone outside the tree',
  },
  memberDeparted: { reason: R.DEPARTED, zh: '该党员已于 {on} 离开', en: 'this member departed on {on}' },
  memberAlreadyDeparted: {
    reason: R.ALREADY_DONE,
    zh: '该党员已于 {on} 离开过',
    en: 'this member already departed on {on}',
  },
  postHeld: {
    reason: R.DUPLICATE,
    zh: '{unit}已有现任{role}：请先结束那项职务',
    en: '{unit} already has a current {role}: end that post first',
  },
  postEnded: { reason: R.ALREADY_DONE, zh: '该职务已于 {on} 结束', en: 'this post already ended on {on}' },
  idCardRecorded: {
    reason: R.DUPLICATE,
    zh: '已有党员登记了这个身份证号',
    en: 'a member with this ID card number is already recorded',
  },
  idCardRecordedBy: {
    reason: R.DUPLICATE,
    zh: '已有党员登记了这个身份证号：{name}{where}{departed}',
    en: 'a member with this ID card number is already recorded: {name}{where}{departed}',
  },
  ofBranch: { reason: R.DUPLICATE, zh: '（所在党支部：{branch}）', en: ' of {branch}' },
  departedOnNote: { reason: R.DUPLICATE, zh: '（已于 {on} 离开）', en: ' (departed on {on})' },
  idCardCannotRecord: {
    reason: R.DUPLICATE,
    zh: '这个身份证号不能在这里登记。如确认无误，请全系统管理员（组织部）核查；本次尝试已记录',
    en: 'this ID card number cannot be recorded here. If it is right, ask an administrator of the whole deployment (the organisation department) to look into it; this attempt has been logged',
  },
  idCardProbes: {
    reason: R.TOO_MANY_ATTEMPTS,
    zh: '本账号试过太多不能在此登记的身份证号（{hours} 小时内 {limit} 个）；请 {minutes} 分钟后再试，或请全系统管理员办理',
    en: 'Too many ID card numbers that cannot be recorded here were tried from this account ({limit} in {hours} hours); try again in {minutes} minutes, or ask an administrator of the whole deployment',
  },
  idCardShape: {
    reason: R.INVALID_ID_CARD,
    zh: '身份证号应为 17 位数字加一位数字或 X',
    en: 'an ID card number has 17 digits and a final digit or X',
  },
  idCardBirthDate: {
    reason: R.INVALID_ID_CARD,
    zh: '身份证号中的出生日期不是真实日期',
    en: 'the birth date inside the ID card number is not a real date',
  },
  idCardCheckDigit: {
    reason: R.INVALID_ID_CARD,
    zh: '身份证号校验位不对（GB 11643）',
    en: 'the ID card number fails its check digit (GB 11643)',
  },
  birthDateVsIdCard: {
    reason: R.CONTRADICTS_ID_CARD,
    zh: '{field} {value} 与身份证号（{fromCard}）不符',
    en: '{field} {value} disagrees with the ID card number ({fromCard})',
  },
  genderVsIdCard: {
    reason: R.CONTRADICTS_ID_CARD,
    zh: '{field}与身份证号（{fromCard}）不符',
    en: '{field} disagrees with the ID card number ({fromCard})',
  },
  phoneShape: {
    reason: R.INVALID_FORMAT,
    zh: '{field}应为大陆手机号（11 位）或带区号的固定电话',
    en: '{field} must be a mainland mobile (11 digits) or a landline with area code',
  },
  joiningAge: {
    reason: R.TOO_EARLY,
    zh: '年满 {age} 岁才能入党；{field} {value} 早于此',
    en: 'a member joins at {age} or older; {field} {value} is before that',
  },
  notABranch: {
    reason: R.NOT_ALLOWED_HERE,
    zh: '{unit}是{kind}；党员应属于党支部',
    en: '{unit} is a {kind}; members belong to a BRANCH',
  },
  notGroupOfBranch: {
    reason: R.NOT_ALLOWED_HERE,
    zh: '{unit}不是这个党支部的党小组',
    en: '{unit} is not a party group of this branch',
  },
  fullMembershipKept: {
    reason: R.WRONG_STATE,
    zh: '正式党员身份不能通过修改撤回；请登记减少（PROBATION_CANCELLED）',
    en: 'full membership cannot be withdrawn by an edit; record a departure (PROBATION_CANCELLED) instead',
  },
  alreadyThere: { reason: R.NO_CHANGE, zh: '该党员已经在那里', en: 'the member is already there' },
  beforePeriodStart: {
    reason: R.TOO_EARLY,
    zh: '{field}不能早于当前时段的开始（{since}）',
    en: "{field} cannot precede the current period's start ({since})",
  },
  joinedAfterDeparture: {
    reason: R.NOT_BEFORE,
    zh: '入党日期不能晚于该党员离开的日期（{on}）',
    en: 'the joining day cannot be after the day this member departed ({on})',
  },
  joinedAfterExtension: {
    reason: R.NOT_BEFORE,
    zh: '入党日期不能晚于延长预备期的决定日期（{on}）',
    en: 'the joining day cannot be after the decision that extended the probation ({on})',
  },
  joinedAfterFirstPeriod: {
    reason: R.NOT_BEFORE,
    zh: '入党日期须早于 {on}：该党员入党时所在的组织关系已于该日结束（转出或调整党小组），组织关系从入党之日算起',
    en: "the joining day must be before {on}, when the member's first membership period ended (a transfer or a move to another party group): membership counts from the joining day",
  },
  joinedAfterTransferIn: {
    reason: R.NOT_BEFORE,
    zh: '入党日期不能晚于 {on}：该党员于该日转入，入党在转入之前',
    en: 'the joining day cannot be after {on}, when the member was transferred in: they had joined before',
  },
  onlyProbationCancelled: {
    reason: R.WRONG_STATE,
    zh: '只有预备党员才能取消预备期',
    en: 'only a probationary member can have probation cancelled',
  },
  alreadyFull: {
    reason: R.ALREADY_DONE,
    zh: '该党员已是正式党员（自 {since}）',
    en: 'this member is already a full member (since {since})',
  },
  extendedToOnlyForExtension: {
    reason: R.NOT_ALLOWED_HERE,
    zh: 'extendedTo 只用于延长预备期',
    en: 'extendedTo belongs to an extension only',
  },
  extendedOnce: {
    reason: R.ALREADY_DONE,
    zh: '预备期已延长过一次（{on} 延长至 {to}），不能再延长',
    en: 'the probation was already extended once (on {on}, to {to}); it cannot be extended again',
  },
  probationNotOver: {
    reason: R.TOO_SOON,
    zh: '预备期至 {due} 结束：按期转正或延长在期满时决定，不能提前（取消可随时进行）',
    en: 'the probation ends on {due}: full membership or an extension is decided when it ends, not before (a cancellation may come at any time)',
  },
  extensionRange: {
    reason: R.OUT_OF_RANGE,
    zh: '延长预备期最多一年：extendedTo 应在 {from} 到 {to} 之间（预备期原定 {due} 结束）',
    en: 'an extension runs beyond the end of probation ({due}) by at most one year: extendedTo between {from} and {to}',
  },
  birthDateMasked: {
    reason: R.MASKED_DATA,
    zh: '出生日期来自已登记的身份证号，你看到的是遮蔽后的；请找{who}',
    en: 'birthDate comes from the ID card number on record, which you see masked; ask {who}',
  },
  joiningYearMasked: {
    reason: R.MASKED_DATA,
    zh: '该党员年满 18 岁那一年的入党日期要与出生日期核对，而你看到的出生日期是遮蔽的；请找{who}',
    en: 'a joining date in the year this member turned 18 is checked against the birth date, which you see masked; ask {who}',
  },

  // Import (src/org/services/member-import.service.ts): {column} is the header as the file named it.
  importLine: { reason: R.INVALID_FORMAT, zh: '第 {line} 行：{problem}', en: 'line {line}: {problem}' },
  csvUnreadable: {
    reason: R.INVALID_FORMAT,
    zh: '无法按 CSV 读取：{detail}',
    en: 'not readable as CSV: {detail}',
  },
  csvEmpty: { reason: R.REQUIRED, zh: '文件是空的', en: 'the file is empty' },
  csvNoRows: { reason: R.REQUIRED, zh: '文件只有表头，没有数据行', en: 'the file has a header but no rows' },
  unknownColumn: {
    reason: R.UNKNOWN_VALUE,
    zh: '无法识别的列“{column}”（可用的列：{known}）',
    en: 'unknown column "{column}" (known: {known})',
  },
  columnTwice: { reason: R.DUPLICATE, zh: '列“{column}”出现了两次', en: 'column "{column}" appears twice' },
  missingColumn: { reason: R.REQUIRED, zh: '缺少“{column}”列（{key}）', en: 'missing column {column} ({key})' },
  idempotencyKeyForm: {
    reason: R.INVALID_FORMAT,
    zh: 'Idempotency-Key 应为 1–200 个可打印 ASCII 字符，不含空格（例如一个 UUID）',
    en: 'Idempotency-Key must be 1–200 printable ASCII characters without spaces (a UUID, for example)',
  },
  idempotencyNotForSignIn: {
    reason: R.NOT_ALLOWED_HERE,
    zh: '{field} 不能带 Idempotency-Key 重放（它的回答含登录凭据，从不保存）：请不带这个头发送',
    en: '{field} is not replayed under an Idempotency-Key (its answer holds credentials, which are never stored); send it without the header',
  },
  idempotencyKeyReused: {
    reason: R.DUPLICATE,
    zh: '这个 Idempotency-Key 在 24 小时内已用于另一个请求（{operation}，输入不同）；未写入任何内容。新的请求请换一个新键',
    en: 'This Idempotency-Key was already used within 24 hours for a different request ({operation} with other input); nothing was written. Send a new key for a new request',
  },
  noUnitWithCode: { reason: R.NOT_FOUND, zh: '没有代码为“{code}”的组织', en: 'no unit with code "{code}"' },
  noBranchWithCode: {
    reason: R.NOT_FOUND,
    zh: '{under}下没有代码为“{code}”的党支部',
    en: 'no branch with code "{code}" under {under}',
  },
  noGroupWithCode: {
    reason: R.NOT_FOUND,
    zh: '没有代码为“{code}”的党小组',
    en: 'no party group with code "{code}"',
  },
  idCardOnLine: {
    reason: R.DUPLICATE,
    zh: '同一个身份证号已在第 {line} 行出现',
    en: 'the same ID card number is on line {line}',
  },

  // Limits (src/graphql/limits.ts, ceilings.ts, account-slots.ts)
  queryTooDeep: {
    reason: R.QUERY_TOO_DEEP,
    zh: '查询嵌套了 {value} 层，上限是 {limit} 层：最深的一支是 {path}，请去掉几层嵌套，或分成几次查询',
    en: 'Query depth is {value}; the limit is {limit}: the deepest branch is {path}; take out some levels or split the query',
  },
  tooManyAliases: {
    reason: R.TOO_MANY_ALIASES,
    zh: '查询用了 {value} 个别名，上限是 {limit} 个：请减少别名，或分成几次查询',
    en: 'The number of aliases is {value}; the limit is {limit}: use fewer aliases or split the query',
  },
  tooManyRootFields: {
    reason: R.TOO_MANY_ROOT_FIELDS,
    zh: '查询有 {value} 个根字段，上限是 {limit} 个：请分成几次查询',
    en: 'The number of root fields is {value}; the limit is {limit}: split the query',
  },
  queryTooCostly: {
    reason: R.QUERY_TOO_COSTLY,
    zh: '这个查询最多可能返回 {value} 条记录，上限是 {limit} 条。最大的部分：{parts}。请把这些列表的 first 调小，或少查一层',
    en: 'The cost (nodes the query could return, from its `first` arguments) is {value}; the limit is {limit}. The largest parts: {parts}. Ask for smaller pages (`first`) there, or one level less',
  },
  costPart: {
    reason: R.QUERY_TOO_COSTLY,
    zh: '{path}（first: {first}，共约 {nodes} 条）',
    en: '{path} (first: {first}, about {nodes} nodes)',
  },
  budgetUsedUp: {
    reason: R.BUDGET_USED_UP,
    zh: '每小时 {budget} 条记录的额度已用完（已用 {spent}，本次查询需要 {cost}）；请 {retry} 秒后再试，或把列表的 first 调小',
    en: 'The hourly budget of {budget} nodes is used up ({spent} spent, this operation costs {cost}); try again in {retry} s',
  },
  ceilingObjects: {
    reason: R.TOO_MANY_OBJECTS,
    zh: '本次操作产生了 {value} 个对象（一页在载入前按所要的条数计），上限是 {limit}；操作已停止：{askForLess}{saved}',
    en: 'The operation produced {value} objects (a page counts at the size asked for until it loads); the limit is {limit} per operation; the operation was stopped: {askForLess}.{saved}',
  },
  ceilingBytes: {
    reason: R.ANSWER_TOO_LARGE,
    zh: '返回数据达到 {value} 字节，上限是 {limit}；操作已停止：{askForLess}{saved}',
    en: 'The answer reached {value} bytes; the limit is {limit} per operation; the operation was stopped: {askForLess}.{saved}',
  },
  ceilingTime: {
    reason: R.TOO_SLOW,
    zh: '本次操作运行了 {value} 毫秒，上限是 {limit} 毫秒；操作已停止：{askForLess}{saved}',
    en: 'The operation ran for {value} ms; the limit is {limit} ms per operation; the operation was stopped: {askForLess}.{saved}',
  },
  askForLess: {
    reason: R.QUERY_TOO_COSTLY,
    zh: '请少要一些（每页少一些、少几层或少几个字段）',
    en: 'ask for less (smaller pages, fewer levels or fewer fields)',
  },
  changesSaved: {
    reason: R.QUERY_TOO_COSTLY,
    zh: '。变更（{changes}）已保存，只是返回被截断：请用更小的查询读回',
    en: ' The changes ({changes}) were saved; only the answer was cut: read it back with a smaller query.',
  },
  tooManyStatements: {
    reason: R.TOO_MANY_STATEMENTS,
    zh: '{who}在本服务器上已有 {limit} 条数据库语句在运行（每个账号的上限）；{why}。请 {retry} 秒后再试',
    en: '{who} already has {limit} database statements running on this server (the limit per account); {why}. Retry in {retry} s',
  },
  tooManyItems: { reason: R.TOO_LONG, zh: '{field}最多{max}项', en: '{field} has at most {max} items' },
  moreWaiting: { reason: R.TOO_MANY_STATEMENTS, zh: '另有 {count} 条在等待', en: '{count} more are waiting' },
  waitedTooLong: {
    reason: R.TOO_MANY_STATEMENTS,
    zh: '这一条一直等到了操作的时限',
    en: 'this one waited until the operation’s time limit',
  },
  statementTimeout: {
    reason: R.TOO_SLOW,
    zh: '查询运行太久，已被停止；请少要一些（每页少一些、少几层）',
    en: 'The query took too long and was stopped; ask for less (smaller pages, fewer levels)',
  },

  // Failures
  databaseUnavailable: {
    reason: R.DATABASE_UNAVAILABLE,
    zh: '暂时连不上数据库；没有写入任何内容，请稍后重试',
    en: 'The database cannot be reached just now; nothing was written. Retry shortly.',
  },
  outcomeUnknown: {
    reason: R.OUTCOME_UNKNOWN,
    zh: '保存变更时与数据库的连接断了：可能已保存，也可能没有。重试前请先读回确认',
    en: 'The connection to the database failed while the change was being saved: it may or may not have been saved. Read it back before retrying.',
  },
  internal: { reason: R.INTERNAL, zh: '服务器内部错误', en: 'Internal server error' },
  internalWith: { reason: R.INTERNAL, zh: '服务器内部错误：{detail}', en: 'Internal server error: {detail}' },
  bodyTooLarge: {
    reason: R.QUERY_TOO_COSTLY,
    zh: '请求体超过 {max}',
    en: 'request body exceeds {max}',
  },
  tooManySubscriptions: {
    reason: R.TOO_MANY_SUBSCRIPTIONS,
    zh: '你的账号在本服务器上已有 {limit} 个订阅（每个账号的上限）；请先结束不用的订阅',
    en: 'Your account already holds {limit} subscriptions on this server (the limit per account); end one you no longer use first',
  },
  webhookUrl: {
    reason: R.INVALID_FORMAT,
    zh: '回调地址须是以 http:// 或 https:// 开头的完整网址，且不含用户名和密码',
    en: 'The webhook URL must be a full http:// or https:// URL, without a user name or password',
  },
  unknownEventType: {
    reason: R.UNKNOWN_VALUE,
    zh: '“{type}”不是事件类型（取值见 EventType）',
    en: '“{type}” is not an event type (see EventType for the values)',
  },
  deliveryPending: {
    reason: R.WRONG_STATE,
    zh: '这条投递仍在等待发送，无需重发',
    en: 'This delivery is still waiting to be sent; there is nothing to send again',
  },
  subscriptionsOnly: {
    reason: R.BAD_REQUEST,
    zh: 'WebSocket 连接只用于订阅（subscription）；查询和修改请用 HTTP POST /graphql',
    en: 'The WebSocket connection is for subscriptions only; send queries and mutations by HTTP POST to /graphql',
  },
  bodyNotJson: { reason: R.BAD_REQUEST, zh: '请求体不是有效的 JSON', en: 'request body is not valid JSON' },
  persistedQueryRefused: {
    reason: R.BAD_REQUEST,
    zh: '持久化查询无效（{detail}）：哈希须为查询文本的 SHA-256，版本须为 1',
    en: 'persisted query refused ({detail}): the hash must be the SHA-256 of the query text, the version 1',
  },

  // Spreadsheet exports (src/export)
  exportNotAQuery: {
    reason: R.NOT_A_QUERY,
    zh: '只能导出查询，{kind} 不能导出',
    en: 'Only a query can be exported, not a {kind}',
  },
  exportFormat: {
    reason: R.UNKNOWN_VALUE,
    zh: 'format 应为 csv 或 xlsx，收到的是 {got}',
    en: 'format must be csv or xlsx, got {got}',
  },
  exportQueryRequired: {
    reason: R.REQUIRED,
    zh: '请在 query 中给出要导出的 GraphQL 查询',
    en: 'query must hold the GraphQL query to export',
  },
  exportNoSuchList: {
    reason: R.NO_SUCH_LIST,
    zh: '查询中没有列表 {path}；可导出的列表：{lists}',
    en: 'the query has no list {path}; lists it has: {lists}',
  },
  exportListNull: {
    reason: R.NOT_FOUND,
    zh: '{path} 为空：对象不存在，或不在你的查看范围内',
    en: '{path} is null: the object does not exist or is not visible to you',
  },
  exportTooManyRows: {
    reason: R.TOO_MANY_ROWS,
    zh: '一次最多导出 {max} 行，{path} 有 {count} 行：请加筛选条件，或分几次导出',
    en: 'an export holds at most {max} rows and {path} has {count}: add a filter or export it in parts',
  },
  // Reminders (src/reminders/core-sources.ts)
  reminderTermEnding: {
    reason: R.REMINDER,
    zh: '{unit}的任期将于 {day} 届满，请做好换届准备',
    en: 'the term of {unit} ends on {day}: prepare the election',
  },
  reminderTermExpired: {
    reason: R.REMINDER,
    zh: '{unit}的任期已于 {day} 届满，尚未记录换届，请尽快组织换届选举',
    en: 'the term of {unit} ended on {day} and no election is recorded: hold the election',
  },
  reminderProbationDue: {
    reason: R.REMINDER,
    zh: '{unit}预备党员{member}的预备期于 {day} 期满，请按期讨论其转正',
    en: 'probationary member {member} of {unit} completes probation on {day}: discuss their full membership in time',
  },
  reminderClosed: {
    reason: R.NO_CHANGE,
    zh: '该提醒已关闭',
    en: 'the reminder is already closed',
  },
});
