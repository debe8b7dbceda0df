import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/**
 * A tally summed for every unit above its rows (docs/FIGURES.md, "Roll-ups"): each row of the
 * per-unit tally counts for every unit on its `path` (the unit's place in the tree on the fact's
 * day), so a subtree's figure is one row per key instead of a sum over every unit under it.
 */
export interface RollupSpec {
  /** The per-unit tally: its rows have `unit_id` and `path`. */
  tally: string;
  /** The roll-up's table, when a tally has more than one (default: the tally's name and `_up`). */
  name?: string;
  /** Columns of the tally the roll-up keeps its rows by, besides the unit above (`anc_id`). */
  keys: string[];
  /** A key computed from the tally row `d` instead of taken from its column of that name (e.g. the month of a day). */
  keyExprs?: Record<string, string>;
  /** The roll-up's counts: column name → what a tally row adds (a column, or `1` to count rows). */
  sums: Record<string, string>;
  /**
   * Rows per key and unit above, split by the fact's unit (default `ROLLUP_SHARDS`): writers for
   * different units of a county then rarely wait on one row. Keys fine enough to spread writers by
   * themselves (a day, a level) take 1, so that a read does not sum eight times the rows.
   */
  shards?: number;
}

/**
 * Rows of a roll-up are split by the unit of the fact (`unit_id % shards`), so that writes for
 * different units of one county do not queue on the county's row (and the province's); a read sums
 * the shards.
 */
export const ROLLUP_SHARDS = 8;

const shardsOf = (s: RollupSpec) => s.shards ?? ROLLUP_SHARDS;

/** The table holding a roll-up: its `name`, or the tally's name and `_up`. */
export const rollupOf = (s: RollupSpec): string => s.name ?? `${s.tally}_up`;

/** Set to `off` for the rest of a transaction that rewrites whole tallies and fills their roll-ups itself. */
const SWITCH = 'jiceng.rollups';
/**
 * The tallies being recounted (`,a,b,`): their rows written meanwhile are kept in `<tally>_stage`
 * instead of being added to the roll-ups statement by statement; `flushStagedSql` adds the net change
 * once at the end. A recount deletes a unit's rows and writes them again: applied per statement, that
 * locked every roll-up row of every key the unit had (the county's and the city's, until commit),
 * so writers of one county queued on rows whose sums did not even change.
 */
const STAGED = 'jiceng.rollups_staged';

/** Where a tally's rows written during a recount wait (as JSON: the table may gain columns), per backend. */
const stageOf = (tally: string) => `${tally}_stage`;

/** The statement triggers on a tally, with their transition tables. */
const TRIGGER_EVENTS = [
  ['INSERT', 'NEW TABLE AS new_rows'],
  ['DELETE', 'OLD TABLE AS old_rows'],
  ['UPDATE', 'OLD TABLE AS old_rows NEW TABLE AS new_rows'],
];

const fn = (s: RollupSpec) => `${rollupOf(s)}_apply`;
const sumNames = (s: RollupSpec) => Object.keys(s.sums);
/** A key's value for the tally row `d`. */
const keyOf = (s: RollupSpec, k: string) => s.keyExprs?.[k] ?? `d.${k}`;

/** What a roll-up's table and triggers depend on: a changed spec makes them again. */
export const rollupFingerprint = (specs: readonly RollupSpec[]): string =>
  createHash('sha256').update(JSON.stringify(specs)).digest('hex').slice(0, 16);

/**
 * The roll-up rows of tally rows `rows` (a FROM item yielding the tally's columns and `sign`):
 * one row per unit on each row's path, key and shard, with the signed sums. Ordered by the key, so
 * that concurrent writers lock roll-up rows in one order. With `changesOnly`, keys whose sums come
 * to nothing are left out: a recount that rewrites the same rows locks no roll-up row.
 */
function deltas(s: RollupSpec, rows: string, changesOnly = false): string {
  const keys = s.keys.map((k) => `${keyOf(s, k)} AS ${k}`);
  return `
    SELECT a.anc AS anc_id, ${keys.join(', ')}${keys.length ? ', ' : ''}(d.unit_id % ${shardsOf(s)})::smallint AS shard,
           ${Object.entries(s.sums)
             .map(([name, expr]) => `sum(d.sign * (${qualify(expr)}))::bigint AS ${name}`)
             .join(', ')}
    FROM ${rows} d
    CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from d.path), '/')::int[]) AS a(anc)
    GROUP BY 1, ${s.keys.map((_, i) => i + 2).join(', ')}${s.keys.length ? ', ' : ''}${s.keys.length + 2}
    ${
      changesOnly
        ? `HAVING ${Object.values(s.sums)
            .map((e) => `sum(d.sign * (${qualify(e)})) <> 0`)
            .join(' OR ')}`
        : ''
    }
    ORDER BY 1, ${s.keys.map((_, i) => i + 2).join(', ')}${s.keys.length ? ', ' : ''}${s.keys.length + 2}`;
}

/** A sum's expression over the tally row `d`: a bare column name is taken from `d`. */
const qualify = (expr: string): string => (/^[a-z_][a-z0-9_]*$/.test(expr) ? `d.${expr}` : expr);

/** Adds `rows`' deltas to the roll-up, creating rows it does not have yet. */
function applySql(s: RollupSpec, rows: string): string {
  const up = rollupOf(s);
  const cols = ['anc_id', ...s.keys, 'shard', ...sumNames(s)];
  return `
    INSERT INTO ${up} AS u (${cols.join(', ')}) ${deltas(s, rows, true)}
    ON CONFLICT (${['anc_id', ...s.keys, 'shard'].join(', ')})
    DO UPDATE SET ${sumNames(s)
      .map((n) => `${n} = u.${n} + EXCLUDED.${n}`)
      .join(', ')}`;
}

/**
 * Makes (again) a tally's roll-up: its table, and the statement triggers that keep it in the
 * transaction of every write to the tally, then fills it from the tally's rows.
 */
export async function createRollup(tx: EntityManager, s: RollupSpec): Promise<void> {
  const up = rollupOf(s);
  await dropRollup(tx, up, s.tally);
  const keyCols = s.keys.map((k) => `${keyOf(s, k)} AS ${k}`);
  await tx.query(`
    CREATE TABLE ${up} AS
    SELECT 0 AS anc_id, ${keyCols.join(', ')}${keyCols.length ? ', ' : ''}0::smallint AS shard,
           ${sumNames(s)
             .map((n) => `0::bigint AS ${n}`)
             .join(', ')}
    FROM ${s.tally} d WITH NO DATA`);
  for (const c of ['anc_id', ...s.keys, 'shard', ...sumNames(s)])
    await tx.query(`ALTER TABLE ${up} ALTER COLUMN ${c} SET NOT NULL`);
  await tx.query(`ALTER TABLE ${up} ADD PRIMARY KEY (${['anc_id', ...s.keys, 'shard'].join(', ')})`);
  await tx.query(applyFunctionSql(s));
  for (const [event, tables] of TRIGGER_EVENTS)
    await tx.query(
      `CREATE TRIGGER ${up}_${event.toLowerCase()} AFTER ${event} ON ${s.tally}
       REFERENCING ${tables} FOR EACH STATEMENT EXECUTE FUNCTION ${fn(s)}()`,
    );
  await createStage(tx, s.tally);
  await fillRollup(tx, s);
}

/** The roll-up's trigger function: adds the signed change of the statement's rows (unless staged or off). */
function applyFunctionSql(s: RollupSpec): string {
  return `
    CREATE OR REPLACE FUNCTION ${fn(s)}() RETURNS trigger LANGUAGE plpgsql AS $f$
    BEGIN
      IF current_setting('${SWITCH}', true) = 'off' THEN RETURN NULL; END IF;
      IF ${staged()} THEN RETURN NULL; END IF;
      IF TG_OP = 'INSERT' THEN
        ${applySql(s, `(SELECT 1 AS sign, n.* FROM new_rows n)`)};
      ELSIF TG_OP = 'DELETE' THEN
        ${applySql(s, `(SELECT -1 AS sign, o.* FROM old_rows o)`)};
      ELSE
        ${applySql(s, `(SELECT 1 AS sign, n.* FROM new_rows n UNION ALL SELECT -1, o.* FROM old_rows o)`)};
      END IF;
      RETURN NULL;
    END $f$`;
}

/**
 * Roll-ups made before recounts were staged (their tallies have no stage): their trigger functions
 * learn to leave staged rows alone and the stages are made. Their rows stay as they are: the sums
 * are the same, so nothing is counted again.
 */
export async function stageOlderRollups(tx: EntityManager, specs: readonly RollupSpec[]): Promise<void> {
  const missing: { tally: string }[] = await tx.query(
    `SELECT DISTINCT t AS tally FROM unnest($1::text[]) t WHERE to_regclass(t || '_stage') IS NULL`,
    [[...new Set(specs.map((s) => s.tally))]],
  );
  for (const { tally } of missing) {
    for (const s of specs.filter((x) => x.tally === tally)) await tx.query(applyFunctionSql(s));
    await createStage(tx, tally);
  }
}

/** Whether the trigger's tally is being recounted (its rows are staged), in a trigger function. */
const staged = () => `position(',' || TG_TABLE_NAME || ',' in coalesce(current_setting('${STAGED}', true), '')) > 0`;

/** The stage of a tally and the statement triggers that fill it while the tally is being recounted. */
async function createStage(tx: EntityManager, tally: string): Promise<void> {
  const stage = stageOf(tally);
  await tx.query(
    `CREATE UNLOGGED TABLE IF NOT EXISTS ${stage} (pid int NOT NULL, sign smallint NOT NULL, r jsonb NOT NULL)`,
  );
  await tx.query(`CREATE INDEX IF NOT EXISTS ${stage}_pid ON ${stage} (pid)`);
  await tx.query(`
    CREATE OR REPLACE FUNCTION ${stage}_rows() RETURNS trigger LANGUAGE plpgsql AS $f$
    BEGIN
      IF current_setting('${SWITCH}', true) = 'off' OR NOT ${staged()} THEN RETURN NULL; END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN
        -- (a tally may have a column named like an alias: the row is named apart)
        INSERT INTO ${stage} (pid, sign, r) SELECT pg_backend_pid(), 1, to_jsonb(staged_row.*) FROM new_rows staged_row;
      END IF;
      IF TG_OP IN ('DELETE', 'UPDATE') THEN
        INSERT INTO ${stage} (pid, sign, r) SELECT pg_backend_pid(), -1, to_jsonb(staged_row.*) FROM old_rows staged_row;
      END IF;
      RETURN NULL;
    END $f$`);
  for (const [event, tables] of TRIGGER_EVENTS)
    await tx.query(
      `CREATE OR REPLACE TRIGGER ${stage}_${event.toLowerCase()} AFTER ${event} ON ${tally}
       REFERENCING ${tables} FOR EACH STATEMENT EXECUTE FUNCTION ${stage}_rows()`,
    );
}

/** Drops a tally's stage, its triggers and function. */
async function dropStage(tx: EntityManager, tally: string): Promise<void> {
  const stage = stageOf(tally);
  for (const [event] of TRIGGER_EVENTS)
    await tx.query(`DROP TRIGGER IF EXISTS ${stage}_${event.toLowerCase()} ON ${tally}`);
  await tx.query(`DROP FUNCTION IF EXISTS ${stage}_rows()`);
  await tx.query(`DROP TABLE IF EXISTS ${stage}`);
}

/**
 * The statement that makes the tallies' rows staged from now on in the transaction (`value` of the
 * setting: a parameter of the caller's statement).
 */
export const stageTalliesSql = (param: string): string => `set_config('${STAGED}', ${param}, true)`;

/** The value `stageTalliesSql` takes for these tallies. */
export const stagedValue = (tallies: readonly string[]): string => `,${tallies.join(',')},`;

/**
 * One round trip (statements without parameters) that adds the net change of the rows staged since
 * `stageTalliesSql` to each roll-up of the tallies, empties their stages and stops staging. A key
 * whose rows were deleted and written again with the same counts changes nothing and locks nothing.
 */
export function flushStagedSql(specs: readonly RollupSpec[], tallies: readonly string[]): string {
  const rows = (tally: string) =>
    `(SELECT s.sign, d.* FROM ${stageOf(tally)} s CROSS JOIN LATERAL jsonb_populate_record(NULL::${tally}, s.r) d
      WHERE s.pid = pg_backend_pid())`;
  // Roll-ups in the order their triggers fire (by name) for writes that are not staged: two writers
  // lock one table's rows after the other's in the same order.
  const applied = specs.filter((s) => tallies.includes(s.tally)).sort((a, b) => (rollupOf(a) < rollupOf(b) ? -1 : 1));
  return [...applied.map((s) => applySql(s, rows(s.tally))), clearStagedSql(tallies)].join(';\n');
}

/** Empties this backend's stages of the tallies and stops staging (one round trip). */
export function clearStagedSql(tallies: readonly string[]): string {
  return [
    ...tallies.map((t) => `DELETE FROM ${stageOf(t)} WHERE pid = pg_backend_pid()`),
    `SELECT set_config('${STAGED}', '', true)`,
  ].join(';\n');
}

/** Drops a roll-up table `up` of `tally`, its triggers and function (nothing when there is none). */
export async function dropRollup(tx: EntityManager, up: string, tally: string): Promise<void> {
  for (const event of ['insert', 'delete', 'update'])
    await tx.query(`DROP TRIGGER IF EXISTS ${up}_${event} ON ${tally}`);
  await tx.query(`DROP FUNCTION IF EXISTS ${up}_apply()`);
  await tx.query(`DROP TABLE IF EXISTS ${up}`);
}

/**
 * Drops every roll-up kept on a tally (found by their triggers' functions), so that one no longer
 * declared, or declared under another name, stops being kept.
 */
export async function dropRollupsOf(tx: EntityManager, tally: string): Promise<void> {
  const found: { up: string }[] = await tx.query(
    `SELECT DISTINCT left(p.proname, -length('_apply')) AS up
     FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
     WHERE t.tgrelid = to_regclass($1) AND NOT t.tgisinternal AND p.proname LIKE '%\\_apply'`,
    [tally],
  );
  for (const { up } of found) await dropRollup(tx, up, tally);
  await dropStage(tx, tally);
}

/** Counts a roll-up again from its tally, whole. */
export async function fillRollup(tx: EntityManager, s: RollupSpec): Promise<void> {
  await tx.query(`DELETE FROM ${rollupOf(s)}`);
  await tx.query(`INSERT INTO ${rollupOf(s)} ${deltas(s, `(SELECT 1 AS sign, t.* FROM ${s.tally} t)`)}`);
}

/** Stops the roll-up triggers for the rest of the transaction: whole tallies are being rewritten. */
export async function suspendRollups(tx: EntityManager): Promise<void> {
  await tx.query(`SELECT set_config('${SWITCH}', 'off', true)`);
}

/** Starts the roll-up triggers again, later in the same transaction. */
export async function resumeRollups(tx: EntityManager): Promise<void> {
  await tx.query(`SELECT set_config('${SWITCH}', 'on', true)`);
}

/**
 * The roll-up's rows as a recount of the tally would make them, and as they are kept, shards summed
 * and rows of zeros left out (a count that went up and down again leaves one): two queries to compare.
 */
export function rollupComparison(s: RollupSpec): { kept: string; fresh: string } {
  const cols = ['anc_id', ...s.keys];
  const sums = sumNames(s);
  const canonical = (from: string) => `
    SELECT ${cols.join(', ')}, ${sums.map((n) => `sum(${n})::bigint AS ${n}`).join(', ')}
    FROM ${from} x GROUP BY ${cols.join(', ')}
    HAVING ${sums.map((n) => `sum(${n}) <> 0`).join(' OR ')}`;
  return {
    kept: canonical(rollupOf(s)),
    fresh: canonical(`(${deltas(s, `(SELECT 1 AS sign, t.* FROM ${s.tally} t)`)})`),
  };
}

/**
 * A FROM item over a roll-up: its rows as `target` (the unit above), the keys and the sums; with
 * `excludeTarget`, less the target's own rows (the figure of what is under a unit, not the unit).
 */
export function subtreeSums(s: RollupSpec, o: { excludeTarget?: boolean } = {}): string {
  const keys = s.keys.length ? `${s.keys.join(', ')}, ` : '';
  const up = `SELECT anc_id AS target, ${keys}${sumNames(s).join(', ')} FROM ${rollupOf(s)}`;
  if (!o.excludeTarget) return `(${up})`;
  const own = Object.entries(s.sums).map(([n, e]) => `-(${qualify(e)})::bigint AS ${n}`);
  return `(${up} UNION ALL SELECT d.unit_id, ${s.keys.map((k) => `${keyOf(s, k)}, `).join('')}${own.join(', ')} FROM ${s.tally} d)`;
}

/**
 * A LATERAL FROM item summing a day-keyed roll-up for the unit `target` (an SQL expression from the
 * outer query) over the days `from`..`to` (SQL date expressions) with the help of its month-keyed
 * twin: the whole months inside the range from `months` (one row per month), the days before and after
 * them from `days`. Both are keyed by `period` first, then the same keys. Yields the keys after
 * `period` and the sums; join it `CROSS JOIN LATERAL ${daySums(...)} a`, so that each branch reads the
 * target's rows by its index (joined from outside, the planner scans the tables whole).
 */
export function daySums(days: RollupSpec, months: RollupSpec, target: string, from: string, to: string): string {
  const rest = days.keys.filter((k) => k !== 'period');
  const cols = `${rest.map((k) => `${k}, `).join('')}${sumNames(days).join(', ')}`;
  const firstMonth = `(date_trunc('month', (${from})::date - 1) + interval '1 month')::date`;
  const endMonth = `date_trunc('month', (${to})::date + 1)::date`;
  const of = (s: RollupSpec, range: string) =>
    `SELECT ${cols} FROM ${rollupOf(s)} WHERE anc_id = ${target} AND ${range}`;
  return `(
    ${of(months, `period >= ${firstMonth} AND period < ${endMonth}`)}
    UNION ALL
    ${of(days, `period >= (${from})::date AND period < least(${firstMonth}, (${to})::date + 1)`)}
    UNION ALL
    ${of(days, `period >= greatest(${endMonth}, ${firstMonth}, (${from})::date) AND period <= (${to})::date`)})`;
}
