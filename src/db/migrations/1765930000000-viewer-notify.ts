import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every process keeps its signed-in viewers (src/auth/viewer-cache.ts) and must hear of every change to
 * what a viewer is made of: an account (its name, member, disabled), a session ended, a grant given,
 * changed or revoked, a unit's path or kind (a grant's scope). Triggers notify `jiceng_viewers` when such
 * a change commits, whoever writes it (a mutation, a command, an operator in psql), so no writer can
 * forget to; PostgreSQL folds the notifications of one transaction into one.
 */
export class ViewerNotify1765930000000 implements MigrationInterface {
  name = 'ViewerNotify1765930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION viewer_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('jiceng_viewers', TG_TABLE_NAME);
        RETURN NULL;
      END $$`);
    const on = (table: string, events: string, when = '') =>
      q.query(
        `CREATE TRIGGER ${table}_viewer_changed AFTER ${events} ON ${table} FOR EACH ROW ${when} EXECUTE FUNCTION viewer_changed()`,
      );
    const truncate = (table: string) =>
      q.query(
        `CREATE TRIGGER ${table}_viewer_truncated AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION viewer_changed()`,
      );
    await on('access_grant', 'INSERT OR UPDATE OR DELETE');
    await q.query(
      `CREATE TRIGGER account_viewer_added AFTER INSERT OR DELETE ON account FOR EACH ROW EXECUTE FUNCTION viewer_changed()`,
    );
    await on(
      'account',
      'UPDATE',
      `WHEN (OLD.username IS DISTINCT FROM NEW.username OR OLD.member_id IS DISTINCT FROM NEW.member_id
             OR OLD.disabled IS DISTINCT FROM NEW.disabled)`,
    );
    // A new session is named by no token yet; its end, or its removal, is a change.
    await q.query(
      `CREATE TRIGGER auth_session_viewer_removed AFTER DELETE ON auth_session FOR EACH ROW EXECUTE FUNCTION viewer_changed()`,
    );
    await on(
      'auth_session',
      'UPDATE',
      `WHEN (OLD.revoked_because IS DISTINCT FROM NEW.revoked_because OR OLD.account_id IS DISTINCT FROM NEW.account_id)`,
    );
    // A new unit is in nobody's grant yet.
    await q.query(
      `CREATE TRIGGER org_unit_viewer_removed AFTER DELETE ON org_unit FOR EACH ROW EXECUTE FUNCTION viewer_changed()`,
    );
    await on('org_unit', 'UPDATE', `WHEN (OLD.path IS DISTINCT FROM NEW.path OR OLD.kind IS DISTINCT FROM NEW.kind)`);
    for (const t of ['access_grant', 'account', 'auth_session', 'org_unit']) await truncate(t);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['access_grant', 'account', 'auth_session', 'org_unit']) {
      await q.query(`DROP TRIGGER IF EXISTS ${t}_viewer_changed ON ${t}`);
      await q.query(`DROP TRIGGER IF EXISTS ${t}_viewer_truncated ON ${t}`);
    }
    await q.query(`DROP TRIGGER account_viewer_added ON account`);
    await q.query(`DROP TRIGGER auth_session_viewer_removed ON auth_session`);
    await q.query(`DROP TRIGGER org_unit_viewer_removed ON org_unit`);
    await q.query(`DROP FUNCTION viewer_changed()`);
  }
}
