import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { ErrorCode, refuse } from '../graphql/errors';
import type { LocalDate } from '../graphql/scalars';
import { type Policy, workingDaysPolicy } from '../policy';
import type { JicengModule } from '../module-system/define-module';
import { closesOn, firstOpenDay, nextPeriodStart, periodStart, type PeriodKind } from './periods';
import { Reopenings } from './reopenings';
import {
  createRollup,
  clearStagedSql,
  dropRollupsOf,
  flushStagedSql,
  resumeRollups,
  rollupComparison,
  rollupFingerprint,
  rollupOf,
  stagedValue,
  stageOlderRollups,
  stageTalliesSql,
  suspendRollups,
  type RollupSpec,
} from './rollups';
import { CORE_MESSAGES as M } from '../messages/core';

/** Which units and periods a recount covers: `units` null for all, `from` null for every period. */
export interface RecountScope {
  units: readonly number[] | null;
  /** The first day whose period is recounted (recount from that day's period on). */
  from: LocalDate | null;
  /**
   * The module's own narrowing, when a write changed the facts of one thing its tallies keep apart
   * (one subject's score book): only those rows are recounted. Absent: every row of the units.
   */
  only?: Readonly<Record<string, string | number>>;
}

/** What a recount may judge by: the deployment's policy (the module reads its own section) and time zone. */
export interface RecountEnv {
  policy: Policy;
  timeZone: string;
}

/**
 * What a module declares about its figures (docs/FIGURES.md): the period they are kept and closed
 * by, its aggregate tables, and how to recount those from the module's facts.
 */
export interface ModuleFigures {
  period: PeriodKind;
  /** Days after a period's last day until it closes: its deadline and the grace after it (policy may change it). */
  closeAfterDays: number;
  /** The module's aggregate tables: each row belongs to one unit (`unit_id`) and one `period`. */
  tallies: string[];
  /**
   * Tallies also kept summed for every unit above their rows (`<tally>_up`, by `anc_id`): a subtree's
   * figure reads one row per key. The engine makes their tables and keeps them in the writing
   * transaction; reads sum the shards.
   */
  rollups?: RollupSpec[];
  /**
   * Recounts the rows of the module's tallies for the scope from its facts, attributing each fact to
   * its unit's place in the tree on the fact's date: deletes those rows and writes them again.
   */
  recount(tx: EntityManager, scope: RecountScope, env: RecountEnv): Promise<void>;
}

/** A tally whose maintained rows differ from a recount of the facts. */
export interface TallyMismatch {
  module: string;
  table: string;
  /** Rows kept but not in a fresh recount, and rows a fresh recount has that are not kept. */
  extra: number;
  missing: number;
  /** A few of the differing rows, for the message. */
  sample: unknown[];
}

/** Where a write's dates fall among a module's periods. */
export interface ClosedRange {
  module: string;
  /** The first closed period the write would change, and the day it closed. */
  periodStart: LocalDate;
  closedOn: LocalDate;
}

/**
 * The figures engine: keeps every module's aggregates right in the transaction that changes the
 * facts, closes periods, and refuses backdated writes into closed ones. Modules reach it through
 * the kit (`recountFigures`, `assertPeriodsOpen`); the core's tree and module-switch writes call it
 * themselves.
 */
export class FiguresEngine {
  readonly reopenings = new Reopenings(this);

  constructor(
    private readonly modules: readonly JicengModule[],
    private readonly policy: Policy,
    private readonly timeZone: string,
  ) {
    const unknown = Object.keys(policy.figures.closeAfterDays).filter((m) => !this.figuresOf(m));
    if (unknown.length)
      throw new Error(
        `Invalid policy figures.closeAfterDays: ${unknown.join(', ')} ${unknown.length > 1 ? 'are not installed modules that keep' : 'is not an installed module that keeps'} figures (these do: ${this.keeping.map((m) => m.name).join(', ') || 'none'})`,
      );
  }

  private figuresOf(module: string): ModuleFigures | null {
    return this.modules.find((m) => m.name === module)?.figures ?? null;
  }

  /** The modules that keep figures, in dependency order. */
  get keeping(): { name: string; figures: ModuleFigures }[] {
    return this.modules.flatMap((m) => (m.figures ? [{ name: m.name, figures: m.figures }] : []));
  }

  private get env(): RecountEnv {
    return { policy: this.policy, timeZone: this.timeZone };
  }

  closeAfterDays(module: string): number {
    const own = this.policy.figures.closeAfterDays[module];
    return own ?? this.figuresOf(module)?.closeAfterDays ?? 0;
  }

  /** The first day of the module's first open period on `today`: every earlier period is closed. */
  firstOpenDay(module: string, today: LocalDate): LocalDate | null {
    const f = this.figuresOf(module);
    return f ? firstOpenDay(f.period, today, this.closeAfterDays(module)) : null;
  }

  /** The first day open in every module that keeps figures (null when none does): before it, some period is closed. */
  openForAll(today: LocalDate): LocalDate | null {
    const days = this.keeping.map(({ name }) => this.firstOpenDay(name, today)!);
    return days.length ? days.sort()[days.length - 1] : null;
  }

  /**
   * Recounts a module's figures for some units from a day's period on, inside the writing
   * transaction. Writers to one unit's figures take turns (a transaction-scoped lock per unit), so
   * each recount sees every fact committed before it: concurrent writes never lose a count.
   */
  async recount(
    tx: EntityManager,
    module: string,
    units: readonly number[],
    from: LocalDate,
    only?: RecountScope['only'],
  ): Promise<void> {
    const f = this.figuresOf(module);
    if (!f || units.length === 0) return;
    const sorted = [...new Set(units)].sort((a, b) => a - b);
    const scope = { units: sorted, from: periodStart(f.period, from), only };
    // The rows the recount deletes and writes again reach the roll-ups as one net change at the end.
    const rolled = f.tallies.filter((t) => f.rollups?.some((r) => r.tally === t));
    if (!rolled.length) {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1), u) FROM unnest($2::int[]) AS u ORDER BY u`, [
        `tally:${module}`,
        sorted,
      ]);
      return f.recount(tx, scope, this.env);
    }
    await tx.query(
      `WITH staged AS MATERIALIZED (SELECT ${stageTalliesSql('$3')})
       SELECT pg_advisory_xact_lock(hashtext($1), u) FROM staged, unnest($2::int[]) AS u ORDER BY u`,
      [`tally:${module}`, sorted, stagedValue(rolled)],
    );
    try {
      await f.recount(tx, scope, this.env);
    } catch (err) {
      // Nothing staged may outlive a recount that did not finish (an SQL error has aborted it already).
      await tx.query(clearStagedSql(rolled)).catch(() => undefined);
      throw err;
    }
    await tx.query(flushStagedSql(f.rollups ?? [], rolled));
  }

  /** Recounts every module's figures for units whose place in the tree or existence changed from `from`. */
  async recountTree(tx: EntityManager, units: readonly number[], from: LocalDate): Promise<void> {
    for (const { name } of this.keeping) await this.recount(tx, name, units, from);
  }

  /** Recounts every aggregate of every module from the facts (after demo data, or by the command). */
  async rebuild(tx: EntityManager, only?: string): Promise<void> {
    // A whole tally's recount is a one-off job (start-up after an upgrade, the command, demo data): a
    // province's takes minutes, past the timeout meant for requests.
    await tx.query(`SET LOCAL statement_timeout = 0`);
    for (const { name, figures } of this.keeping) {
      if (only && only !== name) continue;
      for (const t of figures.tallies) await tx.query(`LOCK TABLE ${t} IN EXCLUSIVE MODE`);
      // The tallies are rewritten whole: their roll-ups are made again from them at the end.
      await suspendRollups(tx);
      for (const t of figures.tallies) await tx.query(`DELETE FROM ${t}`);
      await figures.recount(tx, { units: null, from: null }, this.env);
      for (const t of figures.tallies) await dropRollupsOf(tx, t);
      for (const r of figures.rollups ?? []) await createRollup(tx, r);
      await resumeRollups(tx);
      // Rewritten whole: the planner's statistics of the old rows (or none, for a new roll-up) would mislead it.
      for (const t of [...figures.tallies, ...(figures.rollups ?? []).map(rollupOf)]) await tx.query(`ANALYZE ${t}`);
      await tx.query(
        `INSERT INTO figures_state (module, tallies, fingerprint, built_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (module) DO UPDATE SET tallies = EXCLUDED.tallies, fingerprint = EXCLUDED.fingerprint, built_at = now()`,
        [name, figures.tallies, this.fingerprint(name)],
      );
    }
  }

  /**
   * What a module's aggregates depend on besides the facts: tables, policy section, closing days, time
   * zone, and the county's working-day calendar (deadlines move with it) when it is not the default —
   * left out then, so that databases built before the calendar was shared keep their fingerprint.
   */
  private fingerprint(module: string): string {
    const f = this.figuresOf(module)!;
    const calendar = workingDaysPolicy(this.policy);
    const defaultCalendar = calendar.national && !calendar.holidays.length && !calendar.workdays.length;
    return createHash('sha256')
      .update(
        JSON.stringify([
          f.tallies,
          rollupFingerprint(f.rollups ?? []),
          this.policy.modules[module] ?? null,
          this.closeAfterDays(module),
          this.timeZone,
          ...(defaultCalendar ? [] : [calendar]),
        ]),
      )
      .digest('hex')
      .slice(0, 16);
  }

  /**
   * At start-up, after migrations: a module whose aggregate tables are new to this database (just
   * installed, or an upgrade added one), or whose rules changed (policy section, closing days, time
   * zone), has them counted again from the facts already there.
   */
  async ensureBuilt(db: DataSource): Promise<string[]> {
    const built: { module: string; fingerprint: string }[] = await db.query(
      `SELECT module, fingerprint FROM figures_state`,
    );
    const stale = this.keeping.filter(
      ({ name }) => built.find((b) => b.module === name)?.fingerprint !== this.fingerprint(name),
    );
    for (const { name } of stale) await db.transaction((tx) => this.rebuild(tx, name));
    const kept = this.keeping.filter((m) => !stale.some((x) => x.name === m.name));
    const rollups = kept.flatMap((m) => m.figures.rollups ?? []);
    await db.transaction((tx) => stageOlderRollups(tx, rollups));
    return stale.map((m) => m.name);
  }

  /**
   * Compares every maintained aggregate with a fresh recount of the facts, in a transaction that is
   * rolled back: nothing is changed. An empty answer means they agree.
   */
  async check(db: DataSource): Promise<TallyMismatch[]> {
    const found: TallyMismatch[] = [];
    const runner = db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      const tx = runner.manager;
      // A recount of every tally, as in the rebuild: a city's takes longer than a request may.
      await tx.query(`SET LOCAL statement_timeout = 0`);
      for (const { name, figures } of this.keeping) {
        for (const t of figures.tallies) {
          await tx.query(`CREATE TEMP TABLE "kept_${t}" ON COMMIT DROP AS SELECT * FROM ${t}`);
        }
        // The kept roll-ups stay as they are, to be compared with the recounted tallies.
        await suspendRollups(tx);
        for (const t of figures.tallies) await tx.query(`DELETE FROM ${t}`);
        await figures.recount(tx, { units: null, from: null }, this.env);
        for (const r of figures.rollups ?? []) {
          const { kept, fresh } = rollupComparison(r);
          const extra = await tx.query(`${kept} EXCEPT ALL ${fresh}`);
          const missing = await tx.query(`${fresh} EXCEPT ALL ${kept}`);
          if (extra.length || missing.length)
            found.push({
              module: name,
              table: rollupOf(r),
              extra: extra.length,
              missing: missing.length,
              sample: [...extra.slice(0, 5), ...missing.slice(0, 5)],
            });
        }
        for (const t of figures.tallies) {
          const extra = await tx.query(`SELECT * FROM "kept_${t}" EXCEPT ALL SELECT * FROM ${t} LIMIT 5`);
          const missing = await tx.query(`SELECT * FROM ${t} EXCEPT ALL SELECT * FROM "kept_${t}" LIMIT 5`);
          if (extra.length || missing.length) {
            const [{ e, m }] = await tx.query(
              `SELECT (SELECT count(*) FROM (SELECT * FROM "kept_${t}" EXCEPT ALL SELECT * FROM ${t}) x)::int AS e,
                      (SELECT count(*) FROM (SELECT * FROM ${t} EXCEPT ALL SELECT * FROM "kept_${t}") y)::int AS m`,
            );
            found.push({ module: name, table: t, extra: e, missing: m, sample: [...extra, ...missing] });
          }
        }
      }
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
    return found;
  }

  /**
   * The first closed period of `modules` (all that keep figures when omitted) that a write dated
   * `from` would change for the unit, through `through` (a tree change reaches every period after
   * its day: leave it out). Null when every such period is open, or an administrator reopened
   * them for the unit or a unit above it.
   */
  async closedRange(
    db: EntityManager,
    o: { unitId: number; from: LocalDate; through?: LocalDate; modules?: string[]; today: LocalDate },
  ): Promise<ClosedRange | null> {
    for (const { name, figures } of this.keeping) {
      if (o.modules && !o.modules.includes(name)) continue;
      const open = this.firstOpenDay(name, o.today)!;
      const first = periodStart(figures.period, o.from);
      if (first >= open) continue;
      if (!o.modules && !(await this.wasOn(db, name, o.unitId, first))) continue;
      const end = o.through ? nextPeriodStart(figures.period, periodStart(figures.period, o.through)) : open;
      const until = end < open ? end : open;
      const [covered] = await db.query(
        `SELECT 1 FROM period_reopening r JOIN org_unit u ON u.id = $1
         WHERE r.module = $2 AND r.closed_at IS NULL AND r.from_day <= $3 AND r.to_day >= $4
           AND r.unit_id = ANY(string_to_array(trim(both '/' from u.path), '/')::int[])
         LIMIT 1`,
        [o.unitId, name, first, until],
      );
      if (!covered)
        return {
          module: name,
          periodStart: first,
          closedOn: closesOn(figures.period, first, this.closeAfterDays(name)),
        };
    }
    return null;
  }

  /**
   * Whether a module was on, at some time since `from`, for the unit, a unit above it or one under
   * it: where it never ran, a tree change cannot alter its figures.
   */
  private async wasOn(db: EntityManager, module: string, unitId: number, from: LocalDate): Promise<boolean> {
    const [row] = await db.query(
      `SELECT 1 FROM org_unit u JOIN module_enablement e ON e.module = $2 AND e.enabled
         AND (e.valid_to IS NULL OR e.valid_to > $3)
       JOIN org_unit a ON a.id = e.unit_id
       WHERE u.id = $1
         AND (a.id = ANY(string_to_array(trim(both '/' from u.path), '/')::int[]) OR (a.path > u.path AND a.path < u.path || '~'))
       LIMIT 1`,
      [unitId, module, from],
    );
    return !!row;
  }

  /** Refuses, with PERIOD_CLOSED on `field`, a write that would change a closed period (see closedRange). */
  async assertOpen(
    db: EntityManager,
    o: { unitId: number; from: LocalDate; through?: LocalDate; modules?: string[]; today: LocalDate; field: string[] },
  ): Promise<void> {
    const closed = await this.closedRange(db, o);
    if (!closed) return;
    refuse(
      ErrorCode.PERIOD_CLOSED,
      M.periodClosed({
        module: closed.module,
        periodStart: closed.periodStart,
        closedOn: closed.closedOn,
        from: o.from,
      }),
      o.field,
    );
  }
}
