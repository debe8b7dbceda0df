import { describeEnum } from '../graphql/enum';

export enum OrgUnitKind {
  PROVINCE_COMMITTEE = 'PROVINCE_COMMITTEE',
  CITY_COMMITTEE = 'CITY_COMMITTEE',
  COUNTY_COMMITTEE = 'COUNTY_COMMITTEE',
  TOWNSHIP_COMMITTEE = 'TOWNSHIP_COMMITTEE',
  SUBDISTRICT_COMMITTEE = 'SUBDISTRICT_COMMITTEE',
  WORK_STATION = 'WORK_STATION',
  GRASSROOTS_COMMITTEE = 'GRASSROOTS_COMMITTEE',
  GENERAL_BRANCH = 'GENERAL_BRANCH',
  BRANCH = 'BRANCH',
  PARTY_GROUP = 'PARTY_GROUP',
}
describeEnum(OrgUnitKind, 'OrgUnitKind', '组织类别 — kind of party organisation, i.e. its level in the tree', {
  PROVINCE_COMMITTEE: '省委 — provincial party committee (over cities)',
  CITY_COMMITTEE: '市委 — city party committee',
  COUNTY_COMMITTEE: '县（区）委 — county or district party committee',
  TOWNSHIP_COMMITTEE: '乡镇党委 — township party committee',
  SUBDISTRICT_COMMITTEE: '街道党工委 — subdistrict party working committee',
  WORK_STATION: '党建工作站 — party-building work station between a township and 3–5 villages or communities',
  GRASSROOTS_COMMITTEE: '基层党委 — grassroots party committee (of a large village, agency, enterprise or institution)',
  GENERAL_BRANCH: '党总支 — general party branch, over several branches',
  BRANCH: '党支部 — party branch; members belong to branches',
  PARTY_GROUP: '党小组 — party group within a branch',
});

export enum Sector {
  RURAL = 'RURAL',
  COMMUNITY = 'COMMUNITY',
  GOVERNMENT_AGENCY = 'GOVERNMENT_AGENCY',
  PUBLIC_INSTITUTION = 'PUBLIC_INSTITUTION',
  STATE_ENTERPRISE = 'STATE_ENTERPRISE',
  NON_PUBLIC_ENTERPRISE = 'NON_PUBLIC_ENTERPRISE',
  SOCIAL_ORGANISATION = 'SOCIAL_ORGANISATION',
  SCHOOL = 'SCHOOL',
  MOBILE = 'MOBILE',
  ONLINE = 'ONLINE',
  PROJECT_SITE = 'PROJECT_SITE',
}
describeEnum(Sector, 'Sector', '领域 — the sector an organisation works in', {
  RURAL: '农村 — village (rural)',
  COMMUNITY: '社区 — urban community',
  GOVERNMENT_AGENCY: '机关 — government or party agency',
  PUBLIC_INSTITUTION: '事业单位 — public institution',
  STATE_ENTERPRISE: '国有企业 — state-owned enterprise',
  NON_PUBLIC_ENTERPRISE: '非公有制企业 — non-public enterprise',
  SOCIAL_ORGANISATION: '社会组织 — social organisation',
  SCHOOL: '学校 — school',
  MOBILE: '流动党组织 — mobile branch for members working away from home (seed 004)',
  ONLINE: '网络党支部 — online branch (seed 004)',
  PROJECT_SITE: '项目工地 — project site',
});

export enum Gender {
  MALE = 'MALE',
  FEMALE = 'FEMALE',
}
describeEnum(Gender, 'Gender', '性别 — gender', { MALE: '男 — male', FEMALE: '女 — female' });

export enum Education {
  PRIMARY_OR_BELOW = 'PRIMARY_OR_BELOW',
  JUNIOR_SECONDARY = 'JUNIOR_SECONDARY',
  SENIOR_SECONDARY = 'SENIOR_SECONDARY',
  JUNIOR_COLLEGE = 'JUNIOR_COLLEGE',
  BACHELOR = 'BACHELOR',
  POSTGRADUATE = 'POSTGRADUATE',
}
describeEnum(Education, 'Education', '学历 — highest education completed', {
  PRIMARY_OR_BELOW: '小学及以下 — primary school or below',
  JUNIOR_SECONDARY: '初中 — junior secondary',
  SENIOR_SECONDARY: '高中、中专 — senior secondary or vocational secondary',
  JUNIOR_COLLEGE: '大专 — junior college',
  BACHELOR: '本科 — bachelor',
  POSTGRADUATE: '研究生 — postgraduate',
});

export enum MemberCategory {
  RURAL = 'RURAL',
  COMMUNITY = 'COMMUNITY',
  AGENCY_INSTITUTION = 'AGENCY_INSTITUTION',
  ENTERPRISE_SOCIAL = 'ENTERPRISE_SOCIAL',
  RETIRED = 'RETIRED',
  STUDENT = 'STUDENT',
  OTHER = 'OTHER',
}
describeEnum(
  MemberCategory,
  'MemberCategory',
  '党员类别 — member category; star criteria differ by category (seed 001)',
  {
    RURAL: '农村党员 — rural member',
    COMMUNITY: '社区党员 — community member',
    AGENCY_INSTITUTION: '机关事业单位党员 — member in an agency or public institution',
    ENTERPRISE_SOCIAL: '非公企业和社会组织党员 — member in an enterprise or social organisation',
    RETIRED: '离退休党员 — retired member',
    STUDENT: '学生党员 — student member',
    OTHER: '其他 — other',
  },
);

export enum MemberStatus {
  PROBATIONARY = 'PROBATIONARY',
  FULL = 'FULL',
  DEPARTED = 'DEPARTED',
}
describeEnum(MemberStatus, 'MemberStatus', '党员状态 — membership status', {
  PROBATIONARY: '预备党员 — probationary member',
  FULL: '正式党员 — full member',
  DEPARTED: '已离开 — no longer a member here (see departure reason); the record is kept',
});

export enum DepartureReason {
  DECEASED = 'DECEASED',
  TRANSFERRED_OUT = 'TRANSFERRED_OUT',
  SELF_WITHDRAWN = 'SELF_WITHDRAWN',
  REMOVED = 'REMOVED',
  EXPELLED = 'EXPELLED',
  QUIT = 'QUIT',
  PROBATION_CANCELLED = 'PROBATION_CANCELLED',
  OTHER = 'OTHER',
}
describeEnum(DepartureReason, 'DepartureReason', '减少原因 — why a member left', {
  DECEASED: '死亡 — deceased',
  TRANSFERRED_OUT: '转出 — membership relationship transferred outside this system',
  SELF_WITHDRAWN: '自行脱党除名 — removed as self-withdrawn (decided by the branch assembly, approved above)',
  REMOVED: '除名 — removed from the party',
  EXPELLED: '开除党籍 — expelled',
  QUIT: '退党 — withdrew from the party',
  PROBATION_CANCELLED: '取消预备党员资格 — probationary membership cancelled',
  OTHER: '其他 — other',
});

export enum PostRole {
  SECRETARY = 'SECRETARY',
  DEPUTY_SECRETARY = 'DEPUTY_SECRETARY',
  COMMITTEE_MEMBER = 'COMMITTEE_MEMBER',
  FIRST_SECRETARY = 'FIRST_SECRETARY',
  STATION_HEAD = 'STATION_HEAD',
  STATION_FULL_TIME_STAFF = 'STATION_FULL_TIME_STAFF',
  STATION_PART_TIME_STAFF = 'STATION_PART_TIME_STAFF',
  RESERVE_CADRE = 'RESERVE_CADRE',
  VILLAGE_SUPERVISOR = 'VILLAGE_SUPERVISOR',
}
describeEnum(PostRole, 'PostRole', '职务 — post held on a unit', {
  SECRETARY: '书记 — secretary',
  DEPUTY_SECRETARY: '副书记 — deputy secretary',
  COMMITTEE_MEMBER: '委员 — committee member',
  FIRST_SECRETARY: '第一书记 — dispatched first secretary (often from outside the unit)',
  STATION_HEAD: '站长 — work-station head (generally not moved within 2 years, seed 000)',
  STATION_FULL_TIME_STAFF: '专职人员 — full-time work-station staff',
  STATION_PART_TIME_STAFF: '兼职人员 — part-time work-station staff',
  RESERVE_CADRE: '后备干部 — reserve cadre',
  VILLAGE_SUPERVISOR:
    "村务监督委员会成员 — member of the village affairs supervision committee, held on the village or community branch (elected by the villagers' meeting for the villagers' committee's term; records supervision findings)",
});

export enum TermStatus {
  NO_TERM = 'NO_TERM',
  RUNNING = 'RUNNING',
  ENDING_SOON = 'ENDING_SOON',
  EXPIRED = 'EXPIRED',
  ENDED = 'ENDED',
}
describeEnum(TermStatus, 'TermStatus', '任期状态 — where a post stands against its term', {
  NO_TERM: '无任期 — the post has no term end',
  RUNNING: '任期内 — the term runs beyond the reminder window',
  ENDING_SOON: '即将到期 — the term ends within the reminder window (policy, default 6 months)',
  EXPIRED: '已到期 — the term has ended but the post was not ended: a change of term (换届) is due',
  ENDED: '已离任 — the post was ended',
});

/** Kinds that lead a subtree: a committee or branch that should have a secretary. */
export const SECRETARY_LED_KINDS = [OrgUnitKind.GRASSROOTS_COMMITTEE, OrgUnitKind.GENERAL_BRANCH, OrgUnitKind.BRANCH];

/**
 * The posts each kind of unit must have filled (a current holder: not ended; an expired term still
 * holds until the change of term): a secretary for secretary-led units; for a work station its head
 * and at least one full-time staff member (seed 000).
 */
export const REQUIRED_POSTS: [OrgUnitKind, PostRole][] = [
  ...SECRETARY_LED_KINDS.map((k): [OrgUnitKind, PostRole] => [k, PostRole.SECRETARY]),
  [OrgUnitKind.WORK_STATION, PostRole.STATION_HEAD],
  [OrgUnitKind.WORK_STATION, PostRole.STATION_FULL_TIME_STAFF],
];
