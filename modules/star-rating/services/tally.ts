import type { EntityManager } from 'typeorm';
import {
  type App,
  type LocalDate,
  moduleEnabledSql,
  type ModuleFigures,
  PeriodKind,
  periodStartSql,
  type RecountScope,
  type RollupSpec,
} from '#module-kit';
import { gradeSql, SCORE_SQL } from './grading-sql';
import { holds, placementsSql } from './placements';

const MODULE = 'star-rating';

/** The day a year's grade rows are attributed by: its last day (the tree and switches as they stand then). */
const refDay = (period: string) => `((${period}) + interval '1 year' - interval '1 day')::date`;

/**
 * Rows of a tally in the scope ($1 units or null for all, $2 first period or null for all, $3 and $4
 * one subject's type and id or null for all).
 */
const IN_SCOPE = `($1::int[] IS NULL OR unit_id = ANY($1)) AND ($2::date IS NULL OR period >= $2)
  AND ($3::text IS NULL OR (subject_type = $3 AND subject_id = $4::int))`;

/**
 * Recounts the star tallies for the scope from the facts (the one definition of them; README
 * "Figures"):
 *
 * - `sr_tally_criterion`: the confirmed entries per subject, criterion and year, where the subject's
 *   unit (a member's branch as recorded on the entry, or the branch or committee itself) sat on the
 *   entry's day; entries, entries less reversals (`net`), points and the last day.
 * - `sr_tally_grade`: each rated subject's grade of the year under the scheme that applies, in its
 *   unit (the unit of its latest entry of the year) where that unit sat on 31 December of the year,
 *   with star rating on there that day. A subject of a scope unit is recounted whole: its grade rests
 *   on all its running totals of the year.
 */
async function recount(tx: EntityManager, { units, from, only }: RecountScope): Promise<void> {
  // A confirmation changes one subject's running totals and grade, which rest on its rows alone.
  const subject = only ? [String(only.subjectType), Number(only.subjectId)] : [null, null];
  const args = [units, from, ...subject];
  await tx.query(`DELETE FROM sr_tally_criterion WHERE ${IN_SCOPE}`, args);
  await tx.query(
    `INSERT INTO sr_tally_criterion (unit_id, period, path, subject_type, subject_id, criterion_id, entries, net, points, last_on)
     SELECT e.subject_unit_id, ${periodStartSql(PeriodKind.YEAR, 'e.occurred_on')}, p.path, s.subject_type, e.subject_id,
            e.criterion_id, count(*)::int, sum(CASE WHEN e.corrects_id IS NULL THEN 1 ELSE -1 END)::int,
            sum(e.points)::int, max(e.occurred_on)
     FROM sr_entry e
     JOIN sr_criterion c ON c.id = e.criterion_id
     JOIN sr_scheme s ON s.id = c.scheme_id
     JOIN ${placementsSql('$1::int[] IS NULL OR unit_id = ANY($1)')} p
       ON p.unit_id = e.subject_unit_id AND ${holds('p', 'e.occurred_on')}
     WHERE e.status = 'CONFIRMED' AND ($1::int[] IS NULL OR e.subject_unit_id = ANY($1))
       AND ($2::date IS NULL OR e.occurred_on >= $2)
       AND ($3::text IS NULL OR (s.subject_type = $3 AND e.subject_id = $4::int))
     GROUP BY 1, 2, 3, 4, 5, 6`,
    args,
  );
  // The subjects whose grade rows are recounted: every one with running totals or a grade row in the scope.
  const subjects =
    units === null
      ? `SELECT DISTINCT subject_type, subject_id, period FROM sr_tally_criterion WHERE ${IN_SCOPE}`
      : `SELECT subject_type, subject_id, period FROM sr_tally_criterion WHERE ${IN_SCOPE}
         UNION SELECT subject_type, subject_id, period FROM sr_tally_grade WHERE ${IN_SCOPE}`;
  if (units === null) await tx.query(`DELETE FROM sr_tally_grade WHERE ${IN_SCOPE}`, args);
  else
    await tx.query(
      `WITH subj AS (${subjects})
       DELETE FROM sr_tally_grade g USING subj
       WHERE g.subject_type = subj.subject_type AND g.subject_id = subj.subject_id AND g.period = subj.period`,
      args,
    );
  // Every running total of the subjects recounted (a member's may lie in more than one unit).
  const rows =
    units === null
      ? `SELECT * FROM sr_tally_criterion WHERE ${IN_SCOPE}`
      : `SELECT c.* FROM sr_tally_criterion c JOIN subj USING (subject_type, subject_id, period)`;
  // The whole city's running totals were just written: let the planner see them.
  if (units === null) await tx.query(`ANALYZE sr_tally_criterion`);
  // The intermediate sets have no statistics: over more than a handful of units (a subtree moved or
  // switched), hash joins, never nested loops; one subject's recount keeps its index lookups.
  const many = units === null || units.length > 20;
  if (many) await tx.query(`SET LOCAL enable_nestloop = off`);
  // For a few units, `placed` (a scheme and a switch lookup per unit and year) is worked out once:
  // inlined, the planner (no statistics on these sets) ran its lookups once per joined row, 0.5–1 s
  // for one branch's year on the bench city. For the whole tree, inlined with hash joins is faster.
  const placedOnce = many ? '' : 'MATERIALIZED ';
  const ref = refDay('u.period');
  await tx.query(
    `WITH ${units === null ? '' : `subj AS (${subjects}),`}
     rows AS (${rows}),
     crit AS (
       SELECT c.subject_type, c.subject_id, c.period, c.criterion_id, sum(c.points) AS pts, sum(c.net) AS n
       FROM rows c GROUP BY 1, 2, 3, 4),
     home AS (
       SELECT DISTINCT ON (c.subject_type, c.subject_id, c.period) c.subject_type, c.subject_id, c.period, c.unit_id
       FROM rows c
       ORDER BY c.subject_type, c.subject_id, c.period, c.last_on DESC, c.unit_id DESC),
     placed AS ${placedOnce}(
       SELECT u.unit_id, u.period, u.subject_type, p.path,
              (SELECT sc.id FROM unnest(string_to_array(trim(both '/' from p.path), '/')::int[]) WITH ORDINALITY AS a(id, depth)
               JOIN sr_scheme sc ON sc.unit_id = a.id AND sc.year = extract(year FROM u.period)::int AND sc.subject_type = u.subject_type
               ORDER BY a.depth DESC LIMIT 1) AS scheme_id
       FROM (SELECT DISTINCT unit_id, period, subject_type FROM home) u
       JOIN ${placementsSql('unit_id IN (SELECT unit_id FROM home)')} p ON p.unit_id = u.unit_id AND ${holds('p', ref)}
       WHERE ${moduleEnabledSql('p', MODULE, ref)}),
     scored AS (
       SELECT unit_id, period, path, subject_type, subject_id, scheme_id, ${SCORE_SQL}
       FROM (SELECT h.unit_id, h.period, pl.path, h.subject_type, h.subject_id, pl.scheme_id,
                    cr.kind, cr.cap, cr.stars_off, crit.pts, crit.n
             FROM home h
             JOIN placed pl ON pl.unit_id = h.unit_id AND pl.period = h.period AND pl.subject_type = h.subject_type
             JOIN crit ON crit.subject_type = h.subject_type AND crit.subject_id = h.subject_id AND crit.period = h.period
             JOIN sr_criterion cr ON cr.id = crit.criterion_id AND cr.scheme_id = pl.scheme_id) x
       GROUP BY 1, 2, 3, 4, 5, 6)
     INSERT INTO sr_tally_grade (unit_id, period, path, subject_type, subject_id, scheme_id, score, stars_off, vetoed, grade)
     SELECT s.unit_id, s.period, s.path, s.subject_type, s.subject_id, s.scheme_id, s.score, s.stars_off,
            s.vetoed::int, ${gradeSql('sc.thresholds', 's')}
     FROM scored s JOIN sr_scheme sc ON sc.id = s.scheme_id`,
    args,
  );
  if (many) await tx.query(`RESET enable_nestloop`);
}

/** Rated subjects by year, type and grade, counted for every unit above the subject's unit on 31 December. */
export const GRADES_ROLLUP: RollupSpec = {
  tally: 'sr_tally_grade',
  keys: ['period', 'subject_type', 'grade'],
  sums: { n: '1' },
};

export const starFigures: ModuleFigures = {
  period: PeriodKind.YEAR,
  // A year's grades are settled in January: entries are recorded by the end of the month after (一月一汇总).
  closeAfterDays: 31,
  tallies: ['sr_tally_criterion', 'sr_tally_grade'],
  rollups: [GRADES_ROLLUP],
  recount,
};

/**
 * After a confirmed entry of a subject changes (confirmed, or its correction confirmed): recounts,
 * in the writing transaction, the subject's running totals and grade of the year in the units holding them.
 */
export async function recountSubject(
  app: App,
  tx: EntityManager,
  subject: { type: string; id: number; unitId: number },
  day: LocalDate,
): Promise<void> {
  // Confirmations of one subject take turns before its units are read: two of them in two units where
  // the subject has no rows yet would otherwise lock different units and miss each other's entry.
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('sr-subject:' || $1 || ':' || $2::int))`, [
    subject.type,
    subject.id,
  ]);
  const rows: { unit_id: number }[] = await tx.query(
    `SELECT unit_id FROM sr_tally_criterion WHERE subject_type = $1 AND subject_id = $2 AND period = $3::date
     UNION SELECT unit_id FROM sr_tally_grade WHERE subject_type = $1 AND subject_id = $2 AND period = $3::date`,
    [subject.type, subject.id, `${day.slice(0, 4)}-01-01`],
  );
  await app.figures.recount(tx, MODULE, [subject.unitId, ...rows.map((r) => r.unit_id)], day, {
    subjectType: subject.type,
    subjectId: subject.id,
  });
}
