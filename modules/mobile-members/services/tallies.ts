import type { EntityManager } from 'typeorm';
import {
  type ModuleFigures,
  PeriodKind,
  periodStartSql,
  placedOnSql,
  type RecountScope,
  type RollupSpec,
} from '#module-kit';

export const MODULE = 'mobile-members';

/**
 * The module's aggregates (README "Figures"), recounted from the facts for some home branches: the
 * one definition of each, used by every write (`app.figures.recount`), tree changes, the rebuild
 * and the check.
 */
/** Today's members away by measure, day and destination, summed for every unit above the home branch. */
export const NOW_ROLLUP: RollupSpec = {
  tally: 'mm_tally_now',
  keys: ['measure', 'day', 'attempts', 'province', 'city'],
  sums: { n: 'n' },
  shards: 1,
};

/** Each month's events, summed for every unit above the home branch as placed on the event's day. */
export const MONTHS_ROLLUP: RollupSpec = {
  tally: 'mm_tally_month',
  keys: ['period'],
  sums: Object.fromEntries(
    ['departures', 'returns', 'contacts', 'reached', 'report_ins', 'suspensions', 'restorations', 'removals'].map(
      (c) => [c, c],
    ),
  ),
};

export const mobileFigures: ModuleFigures = {
  period: PeriodKind.MONTH,
  closeAfterDays: 10,
  tallies: ['mm_tally_now', 'mm_tally_month'],
  rollups: [NOW_ROLLUP, MONTHS_ROLLUP],
  async recount(tx: EntityManager, scope: RecountScope): Promise<void> {
    await recountNow(tx, scope.units);
    await recountMonths(tx, scope);
  },
};

/**
 * The current state of the records away of the units' home branches (every day: current-state rows
 * depend on today's tree, not on a period). A record hosted by a mobile branch counts there too, so
 * a host's recount (after it moved) recounts the home branches of the records it hosts; their
 * writers take turns through the same per-unit lock the engine takes.
 */
async function recountNow(tx: EntityManager, units: readonly number[] | null): Promise<void> {
  let scope = units;
  if (units) {
    const extra: { id: number }[] = await tx.query(
      `SELECT DISTINCT r.home_unit_id AS id FROM mm_record r
       WHERE r.returned_on IS NULL AND r.receiving_unit_id = ANY($1::int[]) AND NOT r.home_unit_id = ANY($1::int[])
       ORDER BY 1`,
      [units],
    );
    if (extra.length) {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1), u) FROM unnest($2::int[]) AS u ORDER BY u`, [
        `tally:${MODULE}`,
        extra.map((e) => e.id),
      ]);
      scope = [...units, ...extra.map((e) => e.id)];
    }
  }
  await tx.query(`DELETE FROM mm_tally_now WHERE ($1::int[] IS NULL OR unit_id = ANY($1::int[]))`, [scope]);
  // Per record away (not returned, not removed): its measures, each counted at the home branch's
  // path, at the hosting branch's (+1) and at their nearest common ancestor (-1): a subtree holding
  // both counts the record once, as the figures always did.
  await tx.query(
    `WITH recs AS (
       SELECT r.id, r.home_unit_id, r.receiving_unit_id, r.province, coalesce(r.city, '') AS city, r.left_on,
              ld.kind AS decision, lc.last_reached, coalesce(lc.last_reached, r.left_on) AS since,
              coalesce((SELECT max(i.reported_on) FROM mm_report_in i WHERE i.record_id = r.id), r.left_on) AS reported
       FROM mm_record r
       LEFT JOIN LATERAL (SELECT max(c.contacted_on) FILTER (WHERE c.reached) AS last_reached
                          FROM mm_contact c WHERE c.record_id = r.id) lc ON true
       LEFT JOIN LATERAL (SELECT d.kind FROM mm_decision d WHERE d.record_id = r.id ORDER BY d.id DESC LIMIT 1) ld ON true
       WHERE r.returned_on IS NULL AND ($1::int[] IS NULL OR r.home_unit_id = ANY($1::int[]))
         AND ld.kind IS DISTINCT FROM 'REMOVE'),
     measures AS (
       SELECT recs.id, v.measure, v.day, v.attempts, v.province, v.city
       FROM recs
       LEFT JOIN LATERAL (SELECT count(DISTINCT c.contacted_on)::int AS attempts FROM mm_contact c
                          WHERE c.record_id = recs.id AND NOT c.reached AND c.contacted_on >= recs.since) ls ON true
       CROSS JOIN LATERAL (VALUES
         ('AWAY', '-infinity'::date, 0, recs.province, recs.city),
         ('SUSPENDED', CASE WHEN recs.decision = 'SUSPEND' THEN '-infinity'::date END, 0, '', ''),
         ('REACHED', recs.last_reached, 0, '', ''),
         ('REPORTED', recs.reported, 0, '', ''),
         ('OUT', CASE WHEN recs.decision IS DISTINCT FROM 'SUSPEND' THEN recs.since END, ls.attempts, '', '')
       ) AS v(measure, day, attempts, province, city)
       WHERE v.day IS NOT NULL),
     places AS (
       SELECT recs.id, recs.home_unit_id, h.path, 1 AS sign FROM recs JOIN org_unit h ON h.id = recs.home_unit_id
       UNION ALL
       SELECT recs.id, recs.home_unit_id, g.path, 1 FROM recs JOIN org_unit g ON g.id = recs.receiving_unit_id
       UNION ALL
       SELECT recs.id, recs.home_unit_id, lca.path, -1
       FROM recs JOIN org_unit h ON h.id = recs.home_unit_id JOIN org_unit g ON g.id = recs.receiving_unit_id
       CROSS JOIN LATERAL (
         SELECT x.pre AS path
         FROM generate_series(1, array_length(string_to_array(trim(both '/' from h.path), '/'), 1)) AS s(i)
         CROSS JOIN LATERAL (SELECT '/' || array_to_string((string_to_array(trim(both '/' from h.path), '/'))[1:s.i], '/') || '/' AS pre) x
         WHERE left(g.path, length(x.pre)) = x.pre
         ORDER BY s.i DESC LIMIT 1) lca)
     INSERT INTO mm_tally_now (unit_id, path, measure, day, attempts, province, city, n)
     SELECT p.home_unit_id, p.path, m.measure, m.day, m.attempts, m.province, m.city, sum(p.sign)::int
     FROM measures m JOIN places p ON p.id = m.id
     GROUP BY 1, 2, 3, 4, 5, 6, 7
     HAVING sum(p.sign) <> 0`,
    [scope],
  );
}

/** Events per home branch and month, each where the branch sat in the tree on the event's day. */
async function recountMonths(tx: EntityManager, { units, from }: RecountScope): Promise<void> {
  await tx.query(
    `DELETE FROM mm_tally_month WHERE ($1::int[] IS NULL OR unit_id = ANY($1::int[])) AND ($2::date IS NULL OR period >= $2::date)`,
    [units, from],
  );
  await tx.query(
    `WITH recs AS (
       SELECT r.id, r.home_unit_id, r.left_on, r.returned_on FROM mm_record r
       WHERE ($1::int[] IS NULL OR r.home_unit_id = ANY($1::int[]))),
     ev AS (
       SELECT home_unit_id AS unit_id, left_on AS day, 'DEPARTED' AS k FROM recs
       UNION ALL SELECT home_unit_id, returned_on, 'RETURNED' FROM recs WHERE returned_on IS NOT NULL
       UNION ALL SELECT r.home_unit_id, c.contacted_on, CASE WHEN c.reached THEN 'REACHED' ELSE 'CONTACT' END
                 FROM recs r JOIN mm_contact c ON c.record_id = r.id
       UNION ALL SELECT r.home_unit_id, i.reported_on, 'REPORT_IN' FROM recs r JOIN mm_report_in i ON i.record_id = r.id
       UNION ALL SELECT r.home_unit_id, d.approved_on, d.kind FROM recs r JOIN mm_decision d ON d.record_id = r.id)
     INSERT INTO mm_tally_month (unit_id, period, path, departures, returns, contacts, reached, report_ins,
                                 suspensions, restorations, removals)
     SELECT e.unit_id, ${periodStartSql(PeriodKind.MONTH, 'e.day')}, p.path,
            count(*) FILTER (WHERE e.k = 'DEPARTED')::int,
            count(*) FILTER (WHERE e.k = 'RETURNED')::int,
            count(*) FILTER (WHERE e.k IN ('CONTACT', 'REACHED'))::int,
            count(*) FILTER (WHERE e.k = 'REACHED')::int,
            count(*) FILTER (WHERE e.k = 'REPORT_IN')::int,
            count(*) FILTER (WHERE e.k = 'SUSPEND')::int,
            count(*) FILTER (WHERE e.k = 'RESTORE')::int,
            count(*) FILTER (WHERE e.k = 'REMOVE')::int
     FROM ev e JOIN org_unit_placement p ON ${placedOnSql('p', 'e.unit_id', 'e.day')}
     WHERE ($2::date IS NULL OR e.day >= $2::date)
     GROUP BY 1, 2, 3`,
    [units, from],
  );
}
