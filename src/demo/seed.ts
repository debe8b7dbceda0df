import { todayOf } from '../clock';
import { plusDays, plusYears } from '../calendar';
import type { App } from '../context';
import { ANCHOR, type DemoPlan, generateDemoPlan } from './generate-tree';
import type { EntityManager } from 'typeorm';
import { Random } from './random';
import { createDemoAccounts } from './demo-accounts';
import { bulkInsert, replayingHistory } from './bulk-insert';
import type { SeedContext, SeedSize } from './seed-context';

export async function isEmpty(app: App): Promise<boolean> {
  const [{ n }] = await app.db.query('SELECT count(*)::int AS n FROM org_unit');
  return n === 0;
}

/** A module seed that could not be repeated for an earlier year of history (its year is left out). */
export interface HistoryFailure {
  module: string;
  county: number;
  today: string;
  error: string;
}

/**
 * Loads the demo city into an empty database, then each installed module's demo data, all in one
 * transaction: a failed seed leaves the database empty, and the next start tries again.
 *
 * The benchmark's options: `modulesInEveryCounty` runs the module seeds once per county (not only the
 * first); `historyYears` (default 1) runs them again as of today minus one year, two years, …, so the
 * data hold that many years of every module's history (each year's slice as the module's seed makes
 * it: 12 weeks of reports, 90 days of issues, a year of star entries and disclosures), oldest first.
 * An earlier year's seed runs in a savepoint: when it cannot be repeated (a unique key of what another
 * year wrote), that year of that module and county is left out and returned in `historyFailures`.
 */
export async function seedDemo(
  app: App,
  size: SeedSize,
  scale = 1,
  o: { modulesInEveryCounty?: boolean; historyYears?: number; moduleDemos?: boolean } = {},
): Promise<{ units: number; members: number; historyFailures: HistoryFailure[] }> {
  const historyFailures: HistoryFailure[] = [];
  const started = performance.now();
  const plan = generateDemoPlan(size, scale);
  const today = todayOf(app.clock);
  await app.db.transaction(async (tx) => {
    const [{ n }] = await tx.query('SELECT count(*)::int AS n FROM org_unit');
    if (n > 0)
      throw new Error('The database already holds organisation units; demo data is only loaded into an empty database');
    await bulkInsert(
      tx,
      'org_unit',
      [
        ['id', 'int'],
        ['code', 'text'],
        ['name', 'text'],
        ['short_name', 'text'],
        ['kind', 'text'],
        ['sector', 'text'],
        ['parent_id', 'int'],
        ['path', 'text'],
        ['depth', 'int'],
        ['established_on', 'date'],
        ['contact_phone', 'text'],
        ['address', 'text'],
      ],
      plan.units.map((u) => [
        u.id,
        u.code,
        u.name,
        u.shortName,
        u.kind,
        u.sector,
        u.parentId,
        u.path,
        u.depth,
        u.establishedOn,
        u.contactPhone,
        u.address,
      ]),
    );
    await tx.query(
      `INSERT INTO org_unit_placement (unit_id, parent_id, path, valid_from, change) SELECT id, parent_id, path, established_on, 'CREATED' FROM org_unit`,
    );
    await bulkInsert(
      tx,
      'member',
      [
        ['id', 'int'],
        ['name', 'text'],
        ['gender', 'text'],
        ['ethnicity', 'text'],
        ['birth_date', 'date'],
        ['id_card_number', 'text'],
        ['phone', 'text'],
        ['education', 'text'],
        ['category', 'text'],
        ['joined_on', 'date'],
        ['full_member_since', 'date'],
        ['status', 'text'],
        ['branch_id', 'int'],
        ['party_group_id', 'int'],
        ['occupation', 'text'],
        ['volunteer', 'boolean'],
      ],
      plan.members.map((m) => [
        m.id,
        m.name,
        m.gender,
        m.ethnicity,
        m.birthDate,
        m.idCardNumber,
        m.phone,
        m.education,
        m.category,
        m.joinedOn,
        m.fullMemberSince,
        m.status,
        m.branchId,
        m.partyGroupId,
        m.occupation,
        m.volunteer,
      ]),
    );
    await tx.query(
      `INSERT INTO membership_period (member_id, branch_id, party_group_id, valid_from, change) SELECT id, branch_id, party_group_id, joined_on, 'JOINED' FROM member`,
    );
    await bulkInsert(
      tx,
      'post',
      [
        ['unit_id', 'int'],
        ['member_id', 'int'],
        ['holder_name', 'text'],
        ['role', 'text'],
        ['term_start', 'date'],
        ['term_end', 'date'],
      ],
      plan.posts.map((p) => [p.unitId, p.memberId, p.holderName, p.role, p.termStart, p.termEnd]),
    );
    for (const table of ['org_unit', 'member']) {
      await tx.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`);
    }
    // History made through the real services: a village changes station six weeks ago, a merged village is dissolved.
    const sixWeeksAgo = plusDays(today, -42);
    await app.org.units.move(tx, plan.move.unitId, plan.move.toStationId, sixWeeksAgo, today, { history: true });
    await app.org.units.dissolve(tx, plan.dissolve, '2024-03-01', today, { history: true });
    await createDemoAccounts(tx, app.auth, plan);

    // moduleDemos false: the tree alone, the modules' history added by county later (`addModuleDemos`).
    if (o.moduleDemos !== false) historyFailures.push(...(await loadModuleDemos(app, tx, plan, size, today, o)));
    // Demo facts are loaded in bulk; their figures are counted once, from all of them.
    await app.figures.rebuild(tx);
  });
  await app.db.query('ANALYZE');
  app.log.info(
    { size, units: plan.units.length, members: plan.members.length, ms: Math.round(performance.now() - started) },
    'demo data loaded',
  );
  return { units: plan.units.length, members: plan.members.length, historyFailures };
}

/**
 * The demo data of modules installed after the demo tree was loaded (benchmark data generated before
 * a module existed): the same tree (`generateDemoPlan` is deterministic), each named module's seed as
 * `seedDemo` runs it, and that module's figures rebuilt, in one transaction. The modules' random
 * draws differ from a generation from scratch, so the data are alike, not identical.
 */
export async function addModuleDemos(
  app: App,
  size: SeedSize,
  modules: string[],
  o: Omit<ModuleDemoOptions, 'modules'> = {},
  scale = 1,
): Promise<{ historyFailures: HistoryFailure[] }> {
  const plan = generateDemoPlan(size, scale);
  const today = todayOf(app.clock);
  let historyFailures: HistoryFailure[] = [];
  await app.db.transaction(async (tx) => {
    const [{ n }] = await tx.query('SELECT count(*)::int AS n FROM org_unit WHERE id = ANY($1::int[])', [
      plan.units.map((u) => u.id),
    ]);
    if (n !== plan.units.length) throw new Error(`The database does not hold the ${size} demo tree`);
    historyFailures = await loadModuleDemos(app, tx, plan, size, today, { ...o, modules });
    if (o.rebuild !== false) for (const name of modules) await app.figures.rebuild(tx, name);
  });
  await app.db.query('ANALYZE');
  return { historyFailures };
}

/** Which modules (all installed by default), every county or the first, how many years of history. */
interface ModuleDemoOptions {
  modules?: string[];
  modulesInEveryCounty?: boolean;
  /** Only these counties (with modulesInEveryCounty): a large size loaded a county per transaction. */
  counties?: number[];
  historyYears?: number;
  /** false: the figures are rebuilt by the caller once the last county is in. */
  rebuild?: boolean;
}

/**
 * Each module's demo data (the installed modules, or `o.modules`), on the demo tree `plan` already
 * loaded, as of `today`: the first county, or every county; one year, or `historyYears` years, oldest
 * first (see `seedDemo`). Returns the earlier years left out.
 */
async function loadModuleDemos(
  app: App,
  tx: EntityManager,
  plan: DemoPlan,
  size: SeedSize,
  today: string,
  o: ModuleDemoOptions,
): Promise<HistoryFailure[]> {
  const historyFailures: HistoryFailure[] = [];
  const ctx: SeedContext = {
    tx,
    // A province is three cities of the `city` profile: module seeds generate each county as a city's.
    size: size === 'province' ? 'city' : size,
    today,
    policy: app.policy,
    // A county loaded on its own draws its own numbers, not a repeat of the first county's.
    random: new Random(Date.parse(ANCHOR) / 86400000 + (o.counties?.length === 1 ? o.counties[0] : 0)),
    tree: {
      cityId: plan.cityId,
      countyIds: plan.countyIds,
      townshipIds: plan.townshipIds,
      stationIds: plan.stationIds,
      grassrootsBranchIds: plan.grassrootsBranchIds,
    },
    log: app.log,
    // The demo's switches hold for all of its history.
    setModuleEnabled: (unitId, module, enabled) => app.modules.setAlways(tx, unitId, module, enabled),
  };
  // Module seeds work on the first county; benchmark data runs them once per county.
  const counties = o.modulesInEveryCounty
    ? plan.countyIds.filter((c) => !o.counties || o.counties.includes(c))
    : plan.countyIds.slice(0, 1);
  const years = Math.max(1, o.historyYears ?? 1);
  const ctxOf = (county: number, day: string): SeedContext => ({
    ...ctx,
    today: day,
    tree: { ...ctx.tree, cityId: plan.cityOfCounty[county], countyIds: [county] },
  });
  /** Runs `f` in a savepoint: null when it succeeded, else its error (and nothing of it kept). */
  const attempt = async (name: string, f: () => Promise<void>): Promise<Error | null> => {
    await tx.query(`SAVEPOINT ${name}`);
    try {
      await f();
      await tx.query(`RELEASE SAVEPOINT ${name}`);
      return null;
    } catch (err) {
      await tx.query(`ROLLBACK TO SAVEPOINT ${name}`);
      return err as Error;
    }
  };
  for (const county of counties) {
    for (const module of app.registry.modules) {
      if (!module.seed || (o.modules && !o.modules.includes(module.name))) continue;
      const seed = module.seed;
      if (years === 1) {
        app.log.info({ module: module.name, county }, 'loading module demo data');
        await seed(ctxOf(county, today));
        continue;
      }
      // Earlier years first, oldest first (a module's history is written in the order it happened), each
      // in a savepoint: a year that cannot be repeated is left out and reported. Should the current year
      // then clash with what an earlier one left (an open record), the earlier years are dropped and the
      // current year is loaded alone, exactly as without history.
      const failures: HistoryFailure[] = [];
      const current = await attempt('seed_module_history', async () => {
        replayingHistory.add(tx);
        try {
          for (let k = years - 1; k >= 1; k--) {
            const day = plusYears(today, -k);
            app.log.info({ module: module.name, county, today: day }, 'loading an earlier year of module demo data');
            const err = await attempt('seed_history_year', () => seed(ctxOf(county, day)));
            if (err) failures.push({ module: module.name, county, today: day, error: err.message });
          }
          // The current year too: what an earlier year wrote already (a county's power list) is kept.
          app.log.info({ module: module.name, county }, 'loading module demo data');
          await seed(ctxOf(county, today));
        } finally {
          replayingHistory.delete(tx);
        }
      });
      if (current) {
        failures.push(
          ...Array.from({ length: years - 1 }, (_, i) => ({
            module: module.name,
            county,
            today: plusYears(today, -(years - 1 - i)),
            error: `dropped: the current year then failed (${current.message})`,
          })),
        );
        await seed(ctxOf(county, today));
      }
      for (const f of failures)
        app.log.warn({ ...f }, 'an earlier year of module demo data could not be loaded; left out');
      historyFailures.push(...failures);
    }
  }
  return historyFailures;
}
