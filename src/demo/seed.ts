import { todayOf } from '../clock';
import { plusDays } from '../calendar';
import type { App } from '../context';
import { ANCHOR, generateDemoPlan } from './generate-tree';
import { Random } from './random';
import { createDemoAccounts } from './demo-accounts';
import { bulkInsert } from './bulk-insert';
import type { SeedContext, SeedSize } from './seed-context';

export async function isEmpty(app: App): Promise<boolean> {
  const [{ n }] = await app.db.query('SELECT count(*)::int AS n FROM org_unit');
  return n === 0;
}

/**
 * Loads the demo city into an empty database, then each installed module's demo data, all in one
 * transaction: a failed seed leaves the database empty, and the next start tries again.
 */
export async function seedDemo(
  app: App,
  size: SeedSize,
  scale = 1,
  o: { modulesInEveryCounty?: boolean } = {},
): Promise<{ units: number; members: number }> {
  const started = Date.now();
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

    const ctx: SeedContext = {
      tx,
      size,
      today,
      policy: app.policy,
      random: new Random(Date.parse(ANCHOR) / 86400000),
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
    const counties = o.modulesInEveryCounty ? plan.countyIds : plan.countyIds.slice(0, 1);
    for (const county of counties) {
      for (const module of app.registry.modules) {
        if (!module.seed) continue;
        app.log.info({ module: module.name, county }, 'loading module demo data');
        await module.seed({ ...ctx, tree: { ...ctx.tree, countyIds: [county] } });
      }
    }
    // Demo facts are loaded in bulk; their figures are counted once, from all of them.
    await app.figures.rebuild(tx);
  });
  await app.db.query('ANALYZE');
  app.log.info(
    { size, units: plan.units.length, members: plan.members.length, ms: Date.now() - started },
    'demo data loaded',
  );
  return { units: plan.units.length, members: plan.members.length };
}
