import type { EntityManager } from 'typeorm';
import type { FiguresEngine, LocalDate } from '#module-kit';
import { MODULE } from './tallies';

/** What every write of a report or plan does about the figures of its week. */
export class WeekFigures {
  constructor(private readonly figures: FiguresEngine) {}

  /** Refuses (PERIOD_CLOSED on `field`) a change to a report or plan of a closed week, unless reopened. */
  assertOpen(tx: EntityManager, unitId: number, week: LocalDate, today: LocalDate, field: string[]): Promise<void> {
    return this.figures.assertOpen(tx, { unitId, from: week, through: week, modules: [MODULE], today, field });
  }

  /** Recounts the unit's tallies from the week on, in the writing transaction. */
  recount(tx: EntityManager, unitId: number, week: LocalDate): Promise<void> {
    return this.figures.recount(tx, MODULE, [unitId], week);
  }
}
