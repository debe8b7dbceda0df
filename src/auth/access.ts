import { OrgUnitKind } from '../org/enums';
import { Permission, Role } from './roles';

/** A grant as the policy needs it: role and the path of its unit (null: the whole deployment). */
export interface GrantScope {
  id: number;
  role: Role;
  unitId: number | null;
  path: string | null;
  unitKind: OrgUnitKind | null;
}

export interface Viewer {
  accountId: number;
  username: string;
  memberId: number | null;
  grants: GrantScope[];
}

/** Where something sits in the tree, as far as access is concerned. */
export interface UnitRef {
  id: number;
  path: string;
  kind: OrgUnitKind;
}

const covers = (grantPath: string | null, path: string) => grantPath === null || path.startsWith(grantPath);
const READERS = [Role.ADMIN, Role.ANALYST, Role.SECRETARY, Role.STATION_STAFF];
const BRANCH_KINDS = [OrgUnitKind.BRANCH, OrgUnitKind.GENERAL_BRANCH];

/**
 * The access policy, and the only place that knows what a role means (issue: "in one place").
 * Grants cover subtrees, so a readable unit's whole subtree is readable and roll-ups under it count
 * exactly what the viewer may see.
 */
export class Access {
  constructor(readonly viewer: Viewer | null) {}

  get signedIn(): boolean {
    return this.viewer !== null;
  }

  private grants(roles: Role[]): GrantScope[] {
    return this.viewer?.grants.filter((g) => roles.includes(g.role)) ?? [];
  }

  /** Holds a reading role over the whole deployment: every unit-bound object is visible. */
  get readsEverything(): boolean {
    return this.grants(READERS).some((g) => g.path === null);
  }

  /** Full read of a unit and everything about it, roll-ups included. */
  canRead(unit: UnitRef): boolean {
    return this.grants(READERS).some((g) => covers(g.path, unit.path));
  }

  /** A member's view of their own branch (and its party groups): its published items only. */
  canSeeBasic(unit: UnitRef): boolean {
    return this.canRead(unit) || this.grants([Role.MEMBER]).some((g) => covers(g.path, unit.path));
  }

  can(permission: Permission, unit: UnitRef): boolean {
    switch (permission) {
      case Permission.READ:
        return this.canRead(unit);
      case Permission.WRITE:
        return (
          this.grants([Role.ADMIN, Role.SECRETARY]).some((g) => covers(g.path, unit.path)) ||
          // Station staff work for the villages and communities of their station, not on the station itself.
          this.grants([Role.STATION_STAFF]).some((g) => covers(g.path, unit.path) && g.path !== unit.path)
        );
      case Permission.MODULE_WORK:
        return this.grants([Role.ADMIN, Role.SECRETARY, Role.STATION_STAFF]).some((g) => covers(g.path, unit.path));
      case Permission.ADMINISTER:
        return this.grants([Role.ADMIN]).some((g) => covers(g.path, unit.path));
    }
  }

  /** Administers the whole deployment (root units, the first accounts). */
  get isDeploymentAdmin(): boolean {
    return this.grants([Role.ADMIN]).some((g) => g.path === null);
  }

  /** ID numbers and phones in full: ADMIN over the member's branch, or SECRETARY of that branch. */
  canSeePersonalData(branch: UnitRef): boolean {
    return (
      this.grants([Role.ADMIN]).some((g) => covers(g.path, branch.path)) ||
      this.grants([Role.SECRETARY]).some(
        (g) => g.unitKind !== null && BRANCH_KINDS.includes(g.unitKind) && covers(g.path, branch.path),
      )
    );
  }

  /**
   * Subtrees whose members' personal data the viewer sees in full, as canSeePersonalData decides for
   * a branch (null: everywhere), so lists, filters and figures can treat masked members in SQL.
   */
  personalDataScope(): string[] | null {
    const grants = [
      ...this.grants([Role.ADMIN]),
      ...this.grants([Role.SECRETARY]).filter((g) => g.unitKind !== null && BRANCH_KINDS.includes(g.unitKind)),
    ];
    if (grants.some((g) => g.path === null)) return null;
    return grants.map((g) => g.path!);
  }

  isOwnMember(memberId: number): boolean {
    return this.viewer?.memberId === memberId;
  }

  /** Subtrees the viewer may list (null: everything); `basic` includes a member's own branch. */
  listScope(basic = false): string[] | null {
    const grants = this.grants(basic ? [...READERS, Role.MEMBER] : READERS);
    if (grants.some((g) => g.path === null)) return null;
    return grants.map((g) => g.path!);
  }

  /**
   * Subtrees where the viewer does the work (ADMIN, SECRETARY, STATION_STAFF: MODULE_WORK; null:
   * everything): whose deadlines they are reminded of. Analysts and members read, they do not act.
   */
  workScope(): string[] | null {
    const grants = this.grants([Role.ADMIN, Role.SECRETARY, Role.STATION_STAFF]);
    if (grants.some((g) => g.path === null)) return null;
    return grants.map((g) => g.path!);
  }

  /** Subtrees where the viewer administers (null: everything). */
  adminScope(): string[] | null {
    const grants = this.grants([Role.ADMIN]);
    if (grants.some((g) => g.path === null)) return null;
    return grants.map((g) => g.path!);
  }

  /** Highest role held over a unit, for "nobody can grant more than they hold". */
  strongestRoleOver(path: string | null): Role | null {
    const ranked = [Role.ADMIN, Role.SECRETARY, Role.STATION_STAFF, Role.ANALYST, Role.MEMBER];
    const held = this.viewer?.grants.filter((g) => g.path === null || (path !== null && covers(g.path, path))) ?? [];
    return ranked.find((r) => held.some((g) => g.role === r)) ?? null;
  }
}

/** SQL predicate keeping `alias.path` inside the given subtrees; parameters appended to `params`. */
export function scopeSql(alias: string, scope: string[] | null, params: unknown[]): string {
  if (scope === null) return 'true';
  if (scope.length === 0) return 'false';
  params.push(scope);
  const p = `$${params.length}`;
  return `EXISTS (SELECT 1 FROM unnest(${p}::text[]) AS s(path) WHERE ${alias}.path >= s.path COLLATE "C" AND ${alias}.path < s.path || '~' COLLATE "C")`;
}
