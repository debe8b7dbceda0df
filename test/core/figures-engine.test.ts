import path from 'node:path';
import { loadModules } from '../../src/module-system/loader';
import { firstOpenDay, PeriodKind } from '../../src/figures/periods';
import { FiguresEngine } from '../../src/figures/engine';
import { loadPolicy } from '../../src/policy';
import { enableModule, userErrorsOf } from '../support/helpers';
import { createTestApp, type TestApp } from '../support/test-app';
import { createUnit, smallCounty } from '../support/tree';
import { fromGlobalId } from '../../src/graphql/global-id';
import type { JicengModule } from '../../src/module-system/define-module';

/**
 * The figures engine on the example module (test/fixtures/modules/notes: notes per unit and month,
 * closed five days after the month): facts count where their unit sat on their day, closed months
 * refuse backdated writes of every kind until an administrator reopens them, switches keep their
 * history, concurrent writers lose no count, and the check finds an aggregate that drifted.
 */
const notes = loadModules(['notes'], path.join(__dirname, '..', 'fixtures', 'modules'))[0];

const ADD = `mutation($i: AddNoteInput!) { addNote(input: $i) { note { writtenOn } userErrors { field code message } } }`;
const FIGURE = `query($id: ID!, $from: Date!, $to: Date!) { node(id: $id) { ... on OrgUnit {
  notesWritten(from: $from, to: $to) { written periods { kind start closed closesOn reopened } } } } }`;

let t: TestApp;
let tree: Awaited<ReturnType<typeof smallCounty>>;

const written = async (unit: string, month: string): Promise<number> => {
  const r = await t.execute(FIGURE, { id: unit, from: month, to: month });
  expect(r.errors).toBeUndefined();
  return r.data.node.notesWritten.written;
};
const add = async (unitId: string, writtenOn?: string) => {
  const r = await t.execute(ADD, { i: { unitId, body: '会议记录', writtenOn } });
  expect(r.errors).toBeUndefined();
  return r.data.addNote.userErrors as { field: string[]; code: string; message: string }[];
};
const mutate = (name: string, input: Record<string, unknown>) => userErrorsOf(t, name, input);

beforeAll(async () => {
  t = await createTestApp({ modules: [notes], now: '2026-09-10' });
  tree = await smallCounty(t, 'F');
  await enableModule(t, tree.county, 'notes', true);
});
afterAll(() => t?.close());

test('periods close in order, their deadline and grace after their last day', () => {
  expect(firstOpenDay(PeriodKind.MONTH, '2026-09-05', 5)).toBe('2026-08-01');
  expect(firstOpenDay(PeriodKind.MONTH, '2026-09-06', 5)).toBe('2026-09-01');
  // A week (Monday to Sunday) closes seven days after its Sunday.
  expect(firstOpenDay(PeriodKind.WEEK, '2026-11-30', 7)).toBe('2026-11-23');
  expect(firstOpenDay(PeriodKind.WEEK, '2026-11-29', 7)).toBe('2026-11-16');
  expect(firstOpenDay(PeriodKind.QUARTER, '2026-10-15', 15)).toBe('2026-07-01');
  expect(firstOpenDay(PeriodKind.QUARTER, '2026-10-16', 15)).toBe('2026-10-01');
  expect(firstOpenDay(PeriodKind.YEAR, '2027-01-31', 31)).toBe('2026-01-01');
  expect(firstOpenDay(PeriodKind.YEAR, '2027-02-01', 31)).toBe('2027-01-01');
});

test('a policy that closes the periods of a module that keeps no figures stops the start, naming it', () => {
  const policy = loadPolicy();
  policy.figures.closeAfterDays = { notes: 3, 'weekly-report': 7 };
  expect(() => new FiguresEngine([notes], policy, 'Asia/Shanghai')).toThrow(
    'Invalid policy figures.closeAfterDays: weekly-report is not an installed module that keeps figures (these do: notes)',
  );
  policy.figures.closeAfterDays = { notes: 3 };
  expect(new FiguresEngine([notes], policy, 'Asia/Shanghai').firstOpenDay('notes', '2026-09-03')).toBe('2026-08-01');
  expect(new FiguresEngine([notes], policy, 'Asia/Shanghai').firstOpenDay('notes', '2026-09-04')).toBe('2026-09-01');
});

test('a fact counts where its unit sat on its day: a move leaves the past where it was', async () => {
  for (const day of ['2026-09-02', '2026-09-05', '2026-09-10']) expect(await add(tree.village1, day)).toEqual([]);
  t.clock.set('2026-10-03');
  expect(await add(tree.village1, '2026-10-02')).toEqual([]);
  // Moved today, while September is still open: only what happens from today counts under station B.
  expect(await mutate('moveOrgUnit', { id: tree.village1, newParentId: tree.stationB })).toEqual([]);
  expect(await add(tree.village1)).toEqual([]);
  t.clock.set('2026-10-10');

  expect(await written(tree.stationA, '2026-09-01')).toBe(3);
  expect(await written(tree.stationB, '2026-09-01')).toBe(0);
  expect(await written(tree.stationA, '2026-10-01')).toBe(1);
  expect(await written(tree.stationB, '2026-10-01')).toBe(1);
  expect(await written(tree.township, '2026-09-01')).toBe(3);
  expect(await written(tree.county, '2026-10-01')).toBe(2);
});

test('every backdated write into a closed month is refused, and nothing changes', async () => {
  const before = [await written(tree.stationA, '2026-09-01'), await written(tree.county, '2026-09-01')];
  const closed = (errors: { code: string; field: string[] }[], field: string) => {
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'PERIOD_CLOSED', field: ['input', field] });
  };
  closed(await add(tree.village2, '2026-09-20'), 'writtenOn');
  closed(
    await mutate('moveOrgUnit', { id: tree.village2, newParentId: tree.stationB, effectiveOn: '2026-09-15' }),
    'effectiveOn',
  );
  closed(
    await mutate('setModuleEnabled', {
      unitId: tree.stationA,
      module: 'notes',
      enabled: false,
      effectiveOn: '2026-09-15',
    }),
    'effectiveOn',
  );
  closed(await mutate('updateOrgUnit', { id: tree.village2, establishedOn: '2026-09-20' }), 'establishedOn');
  // A sector has no history: changing it would change every period the village was in the tree.
  closed(await mutate('updateOrgUnit', { id: tree.village2, sector: 'COMMUNITY' }), 'sector');
  closed(await mutate('dissolveOrgUnit', { id: tree.village3, dissolvedOn: '2026-09-20' }), 'dissolvedOn');
  expect([await written(tree.stationA, '2026-09-01'), await written(tree.county, '2026-09-01')]).toEqual(before);

  const r = await t.execute(FIGURE, { id: tree.county, from: '2026-09-01', to: '2026-10-01' });
  expect(r.data.node.notesWritten.periods).toEqual([
    { kind: 'MONTH', start: '2026-09-01', closed: true, closesOn: '2026-10-06', reopened: false },
    { kind: 'MONTH', start: '2026-10-01', closed: false, closesOn: '2026-11-06', reopened: false },
  ]);
});

test('a unit founded long ago but entered today takes its place from the first open day', async () => {
  const village = await createUnit(t, {
    code: 'FC-V9',
    name: '北村党支部',
    kind: 'BRANCH',
    sector: 'RURAL',
    parentId: tree.stationA,
    establishedOn: '2020-01-01',
  });
  const r = await t.execute(
    `query($id: ID!) { node(id: $id) { ... on OrgUnit { establishedOn history { validFrom } } } }`,
    {
      id: village,
    },
  );
  expect(r.data.node).toEqual({ establishedOn: '2020-01-01', history: [{ validFrom: '2026-10-01' }] });
});

test('an administrator reopens a closed month for a subtree with a reason; the figures show it', async () => {
  const reason = '补录九月份会议记录';
  expect(
    await mutate('reopenPeriods', { unitId: tree.township, module: 'notes', from: '2026-09-10', reason: ' ' }),
  ).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'reason'] })]);
  expect(await mutate('reopenPeriods', { unitId: tree.township, module: 'notes', from: '2026-10-02', reason })).toEqual(
    [expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'from'] })],
  );
  expect(await mutate('reopenPeriods', { unitId: tree.township, module: 'notes', from: '2026-09-10', reason })).toEqual(
    [],
  );

  expect(await add(tree.village2, '2026-09-20')).toEqual([]);
  expect(await written(tree.stationA, '2026-09-01')).toBe(4);
  const r = await t.execute(FIGURE, { id: tree.county, from: '2026-09-01', to: '2026-09-30' });
  expect(r.data.node.notesWritten.periods).toEqual([
    { kind: 'MONTH', start: '2026-09-01', closed: true, closesOn: '2026-10-06', reopened: true },
  ]);
  const shown = await t.execute(
    `query($id: ID!) { node(id: $id) { ... on OrgUnit { periodReopenings { module fromDay toDay reason closedAt } } } }`,
    {
      id: tree.township,
    },
  );
  expect(shown.data.node.periodReopenings).toEqual([
    { module: 'notes', fromDay: '2026-09-01', toDay: '2026-10-01', reason, closedAt: null },
  ]);
  const audit = await t.app.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE operation = 'reopenPeriods'`);
  expect(audit[0].n).toBeGreaterThanOrEqual(1);

  const closing = await t.execute(
    `mutation($i: CloseReopenedPeriodsInput!) { closeReopenedPeriods(input: $i) { reopenings { fromDay closedAt } userErrors { code } } }`,
    { i: { unitId: tree.township, module: 'notes' } },
  );
  expect(closing.errors).toBeUndefined();
  expect(closing.data.closeReopenedPeriods).toEqual({
    reopenings: [{ fromDay: '2026-09-01', closedAt: t.clock.now() }],
    userErrors: [],
  });
  expect((await mutate('closeReopenedPeriods', { unitId: tree.township, module: 'notes' }))[0]).toMatchObject({
    code: 'INVALID_STATE',
  });
  expect((await add(tree.village2, '2026-09-21'))[0]).toMatchObject({ code: 'PERIOD_CLOSED' });
  expect(await written(tree.stationA, '2026-09-01')).toBe(4);
});

test('module switches keep their history; a switch today leaves past months as they were', async () => {
  expect(await mutate('setModuleEnabled', { unitId: tree.stationA, module: 'notes', enabled: false })).toEqual([]);
  const r = await t.execute(
    `query($id: ID!) { node(id: $id) { ... on OrgUnit { modules { module { name } enabled history { enabled validFrom validTo } } } } }`,
    {
      id: tree.stationA,
    },
  );
  expect(r.data.node.modules).toEqual([
    {
      module: { name: 'notes' },
      enabled: false,
      history: [{ enabled: false, validFrom: '2026-10-10', validTo: null }],
    },
  ]);
  t.clock.set('2026-10-12');
  expect(await mutate('setModuleEnabled', { unitId: tree.stationA, module: 'notes', enabled: null })).toEqual([]);
  const after = await t.execute(
    `query($id: ID!) { node(id: $id) { ... on OrgUnit { modules { enabled history { enabled validFrom validTo } } } } }`,
    {
      id: tree.stationA,
    },
  );
  expect(after.data.node.modules).toEqual([
    { enabled: true, history: [{ enabled: false, validFrom: '2026-10-10', validTo: '2026-10-12' }] },
  ]);
  expect(await written(tree.stationA, '2026-09-01')).toBe(4);
});

test('fifty concurrent writers on one unit lose no count', async () => {
  const before = await written(tree.village2, '2026-10-01');
  const results = await Promise.all(Array.from({ length: 50 }, () => add(tree.village2)));
  expect(results.every((e) => e.length === 0)).toBe(true);
  expect(await written(tree.village2, '2026-10-01')).toBe(before + 50);
  expect(await t.app.figures.check(t.app.db)).toEqual([]);
});

test('a recount that writes its rows back unchanged locks no roll-up row; a new fact locks only its own', async () => {
  const today = t.today;
  t.clock.set('2026-11-03');
  expect(await add(tree.village3, '2026-11-02')).toEqual([]);
  expect(await add(tree.village3, '2026-10-20')).toEqual([]);
  const [village, county] = [tree.village3, tree.county].map((id) => Number(fromGlobalId(id)!.key));
  /** The county's roll-up rows of a month that another connection cannot lock now. */
  const lockedElsewhere = async (month: string) => {
    const rows: { shard: number }[] = await t.app.db.query(
      `SELECT shard FROM nt_tally_up WHERE anc_id = $1 AND period = $2 ORDER BY shard`,
      [county, month],
    );
    const locked: number[] = [];
    for (const { shard } of rows)
      await t.app.db
        .query(`SELECT 1 FROM nt_tally_up WHERE anc_id = $1 AND period = $2 AND shard = $3 FOR UPDATE NOWAIT`, [
          county,
          month,
          shard,
        ])
        .catch((e: { code?: string }) => {
          if (e.code !== '55P03') throw e;
          locked.push(shard);
        });
    return { rows: rows.length, locked };
  };
  const runner = t.app.db.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    const tx = runner.manager;
    // The village's rows from October on are deleted and written again with the same counts.
    await t.app.figures.recount(tx, 'notes', [village], '2026-10-01');
    for (const month of ['2026-10-01', '2026-11-01']) {
      const rows = await lockedElsewhere(month);
      expect(rows.rows).toBeGreaterThan(0);
      expect(rows.locked).toEqual([]);
    }
    // A note the recount finds: the county's November row of the village's shard changes, and only it.
    await tx.query(`INSERT INTO nt_note (unit_id, body, written_on) VALUES ($1, '补记', '2026-11-03')`, [village]);
    await t.app.figures.recount(tx, 'notes', [village], '2026-10-01');
    expect((await lockedElsewhere('2026-11-01')).locked).toEqual([village % 8]);
    expect((await lockedElsewhere('2026-10-01')).locked).toEqual([]);
    // Nothing is left staged for the next statement of the transaction.
    expect(await tx.query(`SELECT count(*)::int AS n FROM nt_tally_stage`)).toEqual([{ n: 0 }]);
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
    t.clock.set(today);
  }
  expect(await t.app.figures.check(t.app.db)).toEqual([]);
});

test('roll-ups made before recounts were staged get their stage at the next start, their sums kept as they are', async () => {
  // As such a database has them: no stage, and a trigger function that adds every statement's rows.
  await t.app.db.query(
    `DROP TRIGGER nt_tally_stage_insert ON nt_tally; DROP TRIGGER nt_tally_stage_delete ON nt_tally;
     DROP TRIGGER nt_tally_stage_update ON nt_tally; DROP FUNCTION nt_tally_stage_rows(); DROP TABLE nt_tally_stage;
     DO $$ BEGIN
       EXECUTE regexp_replace(pg_get_functiondef('nt_tally_up_apply'::regproc), 'IF position\\(.*?END IF;', '');
     END $$`,
  );
  expect((await t.app.db.query(`SELECT pg_get_functiondef('nt_tally_up_apply'::regproc) AS d`))[0].d).not.toContain(
    'position(',
  );
  const sums = () => t.app.db.query(`SELECT * FROM nt_tally_up ORDER BY anc_id, period, shard`);
  const before = await sums();
  // Nothing is counted again: the stage is made beside the rows kept.
  expect(await t.app.figures.ensureBuilt(t.app.db)).toEqual([]);
  expect(await sums()).toEqual(before);
  expect(await add(tree.village1)).toEqual([]);
  expect(await t.app.figures.check(t.app.db)).toEqual([]);
});

test('the check and the rebuild recount every tally without the statement timeout meant for requests', async () => {
  // A module whose recount notes the timeout it runs under: a city's whole recount takes longer than 15 s.
  const seen: string[] = [];
  const probe = {
    name: 'probe',
    figures: {
      period: PeriodKind.MONTH,
      closeAfterDays: 5,
      tallies: [],
      recount: async (tx: { query(sql: string): Promise<{ t: string }[]> }) => {
        seen.push((await tx.query(`SELECT current_setting('statement_timeout') AS t`))[0].t);
      },
    },
  } as unknown as JicengModule;
  const [{ t: pool }] = await t.app.db.query(`SELECT current_setting('statement_timeout') AS t`);
  expect(pool).not.toBe('0');
  const engine = new FiguresEngine([probe], loadPolicy(), 'Asia/Shanghai');
  expect(await engine.check(t.app.db)).toEqual([]);
  const runner = t.app.db.createQueryRunner();
  await runner.startTransaction();
  try {
    await engine.rebuild(runner.manager);
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
  expect(seen).toEqual(['0', '0']);
});

test('the check finds an aggregate that drifted from the facts; the rebuild and a new table are counted from the facts', async () => {
  await t.app.db.query(
    `UPDATE nt_tally SET written = written + 1 WHERE period = '2026-09-01' AND unit_id = (SELECT min(unit_id) FROM nt_tally WHERE period = '2026-09-01')`,
  );
  // The roll-up followed the drifted tally (its trigger): both differ from a recount of the facts.
  const found = await t.app.figures.check(t.app.db);
  expect(found).toEqual([
    expect.objectContaining({ module: 'notes', table: 'nt_tally_up' }),
    expect.objectContaining({ module: 'notes', table: 'nt_tally', extra: 1, missing: 1 }),
  ]);
  await t.app.db.transaction((tx) => t.app.figures.rebuild(tx));
  expect(await t.app.figures.check(t.app.db)).toEqual([]);

  // A roll-up row that drifted on its own (the county's September) is found too, and rebuilt.
  await t.app.db.query(
    `UPDATE nt_tally_up SET written = written + 1 WHERE anc_id = $1 AND period = '2026-09-01' AND shard = (SELECT min(shard) FROM nt_tally_up WHERE anc_id = $1 AND period = '2026-09-01')`,
    [Number(fromGlobalId(tree.county)!.key)],
  );
  expect(await t.app.figures.check(t.app.db)).toEqual([
    expect.objectContaining({ module: 'notes', table: 'nt_tally_up', extra: 1, missing: 1 }),
  ]);
  expect(await written(tree.county, '2026-09-01')).toBe(5);
  await t.app.db.transaction((tx) => t.app.figures.rebuild(tx));
  expect(await t.app.figures.check(t.app.db)).toEqual([]);
  expect(await written(tree.county, '2026-09-01')).toBe(4);

  // As an upgrade that adds an aggregate table finds it: empty, and not yet built.
  await t.app.db.query(`DELETE FROM nt_tally; DELETE FROM figures_state`);
  expect(await t.app.figures.ensureBuilt(t.app.db)).toEqual(['notes']);
  expect(await t.app.figures.ensureBuilt(t.app.db)).toEqual([]);
  expect(await written(tree.county, '2026-09-01')).toBe(4);

  // A deployment that changes when the module's periods close has its figures counted again.
  const policy = loadPolicy();
  policy.figures.closeAfterDays = { notes: 9 };
  expect(await new FiguresEngine([notes], policy, t.app.config.timeZone).ensureBuilt(t.app.db)).toEqual(['notes']);
  expect(await t.app.figures.ensureBuilt(t.app.db)).toEqual(['notes']);

  // The county's working-day calendar moves deadlines: a holiday added to it has the figures counted
  // again; the default calendar adds nothing, so databases built before it was shared are not rebuilt.
  expect(await t.app.figures.ensureBuilt(t.app.db)).toEqual([]);
  const holiday = loadPolicy();
  holiday.calendar = { ...holiday.calendar, holidays: ['2026-09-07'] };
  expect(await new FiguresEngine([notes], holiday, t.app.config.timeZone).ensureBuilt(t.app.db)).toEqual(['notes']);
  expect(await t.app.figures.ensureBuilt(t.app.db)).toEqual(['notes']);
  expect(await new FiguresEngine([notes], loadPolicy(), t.app.config.timeZone).ensureBuilt(t.app.db)).toEqual([]);
});
