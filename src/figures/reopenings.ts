import type { EntityManager } from 'typeorm';
import { ErrorCode, refuse } from '../graphql/errors';
import type { LocalDate } from '../graphql/scalars';
import type { Context } from '../context';
import type { FiguresEngine } from './engine';
import { closesOn, periodStart, type PeriodKind } from './periods';
import { CORE_MESSAGES as M } from '../messages/core';

export interface Reopening {
  id: number;
  unitId: number;
  module: string;
  fromDay: LocalDate;
  toDay: LocalDate;
  reason: string;
  reopenedAt: Date;
  closedAt: Date | null;
}

const COLUMNS = `id, unit_id AS "unitId", module, from_day::text AS "fromDay", to_day::text AS "toDay", reason,
  reopened_at AS "reopenedAt", closed_at AS "closedAt"`;

/** A period's state for the figures that count in it. */
export interface PeriodState {
  kind: PeriodKind;
  start: LocalDate;
  closed: boolean;
  /** The day it closes (or closed). */
  closesOn: LocalDate;
  /** An administrator reopened it for this unit, a unit above or a unit under it, at some time. */
  reopened: boolean;
}

/**
 * Reopenings of closed periods: an administrator opens a module's closed periods from a day on for a
 * subtree, with a reason, so a late correction can be made; closing them again ends the reopening.
 * Both are audited as mutations; the figures of a period show that it was reopened.
 */
export class Reopenings {
  constructor(private readonly figures: FiguresEngine) {}

  async reopen(
    tx: EntityManager,
    o: {
      unitId: number;
      module: string;
      from: LocalDate;
      reason: string;
      today: LocalDate;
      at: Date;
      actorId: number | null;
    },
  ): Promise<Reopening> {
    const kept = this.figures.keeping.find((m) => m.name === o.module);
    if (!kept)
      refuse(
        ErrorCode.BAD_USER_INPUT,
        M.noFiguresModule({ module: o.module, keeping: this.figures.keeping.map((m) => m.name).join(', ') || '—' }),
        ['input', 'module'],
      );
    const reason = o.reason.trim();
    if (reason.length < 2) refuse(ErrorCode.BAD_USER_INPUT, M.reopenReason(), ['input', 'reason']);
    const from = periodStart(kept.figures.period, o.from);
    const open = this.figures.firstOpenDay(o.module, o.today)!;
    if (from >= open)
      refuse(
        ErrorCode.BAD_USER_INPUT,
        M.periodNotClosed({
          from,
          closesOn: closesOn(kept.figures.period, from, this.figures.closeAfterDays(o.module)),
        }),
        ['input', 'from'],
      );
    const [row] = await tx.query(
      `INSERT INTO period_reopening (unit_id, module, from_day, to_day, reason, reopened_by, reopened_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [o.unitId, o.module, from, open, reason, o.actorId, o.at],
    );
    return row;
  }

  /** Ends the unit's open reopenings of a module: its periods are closed again. */
  async close(
    tx: EntityManager,
    o: { unitId: number; module: string; at: Date; actorId: number | null },
  ): Promise<Reopening[]> {
    // An UPDATE … RETURNING answers [rows, count] through TypeORM.
    const [rows]: [Reopening[], number] = await tx.query(
      `UPDATE period_reopening SET closed_at = $4, closed_by = $3
       WHERE unit_id = $1 AND module = $2 AND closed_at IS NULL RETURNING ${COLUMNS}`,
      [o.unitId, o.module, o.actorId, o.at],
    );
    if (!rows.length) refuse(ErrorCode.INVALID_STATE, M.nothingReopened({ module: o.module }), ['input', 'module']);
    return rows;
  }

  /** The reopenings made on a unit, newest first. */
  async ofUnit(db: EntityManager, unitId: number): Promise<Reopening[]> {
    return db.query(`SELECT ${COLUMNS} FROM period_reopening WHERE unit_id = $1 ORDER BY reopened_at DESC, id DESC`, [
      unitId,
    ]);
  }

  /**
   * The state of some periods of a module for the figures of a unit, batched over the request: every
   * unit asking in one GraphQL level shares one statement (the reopenings touching any of them).
   */
  async forFigure(ctx: Context, module: string, unitId: number, starts: LocalDate[]): Promise<PeriodState[]> {
    const kept = this.figures.keeping.find((m) => m.name === module);
    if (!kept) throw new Error(`module ${module} keeps no figures`);
    const touching = await ctx.loaders
      .get<number, { from: LocalDate; to: LocalDate }[]>(`figurePeriods:${module}`, async (ids) => {
        const rows: { unit_id: number; from: LocalDate; to: LocalDate }[] = await ctx.db.query(
          `SELECT DISTINCT t.id AS unit_id, r.from_day::text AS "from", r.to_day::text AS "to"
           FROM org_unit t
           JOIN period_reopening r ON r.module = $1
           JOIN org_unit ru ON ru.id = r.unit_id
           WHERE t.id = ANY($2::int[])
             AND ((t.path >= ru.path AND t.path < ru.path || '~') OR (ru.path >= t.path AND ru.path < t.path || '~'))`,
          [module, ids],
        );
        return ids.map((id) => rows.filter((r) => r.unit_id === id));
      })
      .load(unitId);
    const open = this.figures.firstOpenDay(module, ctx.today)!;
    const days = this.figures.closeAfterDays(module);
    return starts.map((start) => ({
      kind: kept.figures.period,
      start,
      closed: start < open,
      closesOn: closesOn(kept.figures.period, start, days),
      reopened: touching.some((r) => r.from <= start && start < r.to),
    }));
  }
}
