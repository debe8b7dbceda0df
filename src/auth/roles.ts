import { describeEnum } from '../graphql/enum';

export enum Role {
  ADMIN = 'ADMIN',
  ANALYST = 'ANALYST',
  SECRETARY = 'SECRETARY',
  STATION_STAFF = 'STATION_STAFF',
  MEMBER = 'MEMBER',
}
describeEnum(Role, 'Role', '角色 — what a grant allows on its unit and everything under it', {
  ADMIN:
    '管理员 — everything under the unit: units, members, posts, accounts and grants, module switches, the audit log',
  ANALYST: '分析员 — read everything under the unit, roll-ups included; no writes; personal data masked',
  SECRETARY:
    "书记 — read and write the unit's subtree (members, posts, module work); personal data of their own branch",
  STATION_STAFF: '工作站人员 — read the work station; read and write its villages and communities',
  MEMBER: "党员 — their own record and their own branch's published items",
});

/** What a check asks for. */
export enum Permission {
  /** See the unit and everything about it, roll-ups included. */
  READ = 'READ',
  /** Members and posts. */
  WRITE = 'WRITE',
  /** Module work: plans, reports, issues. Station staff do it for their station too. */
  MODULE_WORK = 'MODULE_WORK',
  /** Units themselves, module switches, accounts, grants, the audit log. */
  ADMINISTER = 'ADMINISTER',
}

describeEnum(Permission, 'Permission', '权限 — what a check asks for', {
  READ: '查看 — see the unit and everything about it, roll-ups included',
  WRITE: '维护 — members and posts',
  MODULE_WORK: '办理 — module work: plans, reports, issues and the like',
  ADMINISTER: '管理 — units, module switches, accounts, grants and the audit log',
});

/** Roles in the order of what they allow, for "nobody can grant more than they hold". */
export const ROLE_RANK: Record<Role, number> = { MEMBER: 0, ANALYST: 1, STATION_STAFF: 2, SECRETARY: 3, ADMIN: 4 };
