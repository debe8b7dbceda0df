import type { DataSource, EntityManager } from 'typeorm';
import { verifyPassword } from '../auth/passwords';
import type { AuthService } from '../auth/services/auth.service';
import { Role } from '../auth/roles';
import type { DemoPlan } from './generate-tree';

/** The demo password of every demo account. Demo only: a real deployment sets its own. */
export const DEMO_PASSWORD = 'jiceng-demo-2026';

/**
 * One account per role on the demo county, so the IDE can be tried as each kind of user.
 * Listed in the README as demo-only.
 */
export async function createDemoAccounts(tx: EntityManager, auth: AuthService, plan: DemoPlan): Promise<string[]> {
  const county = plan.countyIds[0];
  const village = plan.units.find((u) => u.id === plan.grassrootsBranchIds[0])!;
  const station = plan.stationIds[0];
  const secretaryPost = plan.posts.find((p) => p.unitId === village.id && p.role === 'SECRETARY' && p.memberId);
  const ordinary = plan.members.find((m) => m.branchId === village.id && m.id !== secretaryPost?.memberId)!;
  const accounts: [string, string, number | null, Role, number | null][] = [
    ['admin', '演示管理员 Demo administrator (whole deployment)', null, Role.ADMIN, null],
    ['county-admin', '县委组织部管理员 County administrator', county, Role.ADMIN, null],
    ['analyst', '县委组织部分析员 County analyst', county, Role.ANALYST, null],
    ['secretary', `${village.name}书记 Village secretary`, village.id, Role.SECRETARY, secretaryPost?.memberId ?? null],
    ['station', '工作站专职人员 Work-station staff', station, Role.STATION_STAFF, null],
    ['member', `${ordinary.name} Party member`, village.id, Role.MEMBER, ordinary.id],
  ];
  for (const [username, displayName, unitId, role, memberId] of accounts) {
    const account = await auth.createAccount(tx, { username, displayName, password: DEMO_PASSWORD, memberId });
    await auth.grant(tx, account.id, unitId, role, null);
  }
  return accounts.map(([u]) => u);
}

/**
 * Whether the demo accounts can sign in here with the demo password: the IDE's sign-in page then
 * points at them. Asks about one account (`analyst`), so changing its password or disabling it
 * hides the hint.
 */
export async function demoSignInOpen(db: DataSource): Promise<boolean> {
  const rows: { password_hash: string }[] = await db.query(
    `SELECT password_hash FROM account WHERE username = 'analyst' AND NOT disabled`,
  );
  return rows.length === 1 && verifyPassword(DEMO_PASSWORD, rows[0].password_hash);
}
