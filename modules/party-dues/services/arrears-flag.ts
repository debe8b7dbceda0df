import { type LocalDate, type MemberFlagSource, plusDays } from '#module-kit';
import { DUES_MESSAGES as M } from '../messages';
import { yuan } from './bands';
import { type ArrearsRow, loadArrears, shiftMonth } from './figures';
import { MODULE } from './module';
import { CLOSE_AFTER_DAYS } from './tallies';

/** The flag's detail, from the catalogue: "2026-03 至 2026-08 未交，共 6 个月 欠 12.00 元". */
export const arrearsDetail = (r: ArrearsRow) =>
  M.arrearsDetail({
    since: r.since.slice(0, 7),
    through: r.through.slice(0, 7),
    months: r.months,
    owed: yuan(r.owedFen),
  });

/** Party Constitution art. 9: six consecutive months of dues unpaid without valid reason. Fixed, not policy. */
export const ARREARS_MONTHS = 6;

/** The last month closed on `asOf`: a month closes `closeAfterDays` after the next one begins (docs/FIGURES.md). */
export function lastClosedMonth(asOf: LocalDate, closeAfterDays: number = CLOSE_AFTER_DAYS): LocalDate {
  const day = plusDays(asOf, -closeAfterDays);
  return shiftMonth(`${day.slice(0, 7)}-01`, -1);
}

/**
 * Members of the branches `unitIds` with six or more whole calendar months in a row, counted back
 * from the last month closed on `asOf`, each due (more than nothing) and with nothing paid for it.
 * A waived month, a month paid in any part, or a month not owed ends the run. The branch acts on the
 * list (art. 9: decided by the branch assembly and approved above); the software never does.
 */
export const DUES_ARREARS_FLAG: MemberFlagSource = {
  kind: 'DUES_ARREARS',
  description: '连续六个月未交纳党费 — six consecutive months of dues unpaid without reason (constitution art. 9)',
  async find({ db, unitIds, asOf, app }) {
    // The closing delay the figures use (policy), so this list and OrgUnit.duesArrears agree on a day.
    const closeAfterDays = app.figures.closeAfterDays(MODULE);
    const rows = await loadArrears(db, unitIds, asOf, lastClosedMonth(asOf, closeAfterDays), ARREARS_MONTHS);
    return rows.map((r) => ({
      memberId: r.memberId,
      unitId: r.unitId,
      // The day the flag holds from, as every flag's `since`: the sixth unpaid month's closing day.
      since: plusDays(shiftMonth(r.since, ARREARS_MONTHS), closeAfterDays),
      // A catalogue entry: the core renders it in the reader's language, as organisational life's.
      detail: arrearsDetail(r),
    }));
  },
};
