import { memberDevelopmentPolicy } from '../../../modules/member-development/services/policy';
import { DevelopmentService } from '../../../modules/member-development/services/development.service';
import { Deadlines } from '../../../modules/weekly-reports/services/calendar';
import { weeklyReportsPolicy } from '../../../modules/weekly-reports/services/policy';
import type { FiguresEngine } from '../../../src/figures/engine';
import { defaultPolicy, loadPolicy, type Policy } from '../../../src/policy';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One county, one working-day calendar: the core's `calendar` moves weekly deadlines and counts a
 * public notice's working days alike; days an older policy file set in either module's section are
 * read into it, so both modules count them.
 */
const both = (p: Policy) => ({
  notice: new DevelopmentService(null as unknown as FiguresEngine, memberDevelopmentPolicy(p)).calendar,
  deadlines: new Deadlines(weeklyReportsPolicy(p), 'UTC'),
});

test('the core calendar: a local holiday moves the weekly deadline and shortens a notice', () => {
  // Friday 13 November 2026 a local holiday: the report is due Thursday; a notice Mon 9 – Fri 13 has 4 days.
  const local = both({ ...defaultPolicy(), calendar: { national: true, holidays: ['2026-11-13'], workdays: [] } });
  expect(local.deadlines.reportDay('2026-11-09')).toBe('2026-11-12');
  expect(local.notice.workingDaysFromTo('2026-11-09', '2026-11-13')).toBe(4);
  const plain = both(defaultPolicy());
  expect(plain.deadlines.reportDay('2026-11-09')).toBe('2026-11-13');
  expect(plain.notice.workingDaysFromTo('2026-11-09', '2026-11-13')).toBe(5);
});

test('an older file’s module calendar is still read, for both modules', () => {
  const old = both({
    ...defaultPolicy(),
    modules: { 'weekly-reports': { calendar: { holidays: ['2026-11-13'], deadlineOnDayOff: 'NEXT_WORKING_DAY' } } },
  });
  // Weekly reports keeps its own rule for a deadline on a day off; the notice counts the same holiday.
  expect(old.deadlines.reportDay('2026-11-09')).toBe('2026-11-16');
  expect(old.notice.workingDaysFromTo('2026-11-09', '2026-11-13')).toBe(4);
  const md = both({
    ...defaultPolicy(),
    modules: { 'member-development': { calendar: { workdays: ['2026-11-14'] } } },
  });
  expect(md.notice.workingDaysFromTo('2026-11-09', '2026-11-14')).toBe(6);
  expect(md.deadlines.reportDay('2026-11-09')).toBe('2026-11-13');
});

test('a day both a holiday and a working day, across sections, stops the start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'policy-'));
  const file = join(dir, 'policy.json');
  writeFileSync(
    file,
    JSON.stringify({
      calendar: { holidays: ['2026-10-10'] },
      modules: { 'member-development': { calendar: { workdays: ['2026-10-10'] } } },
    }),
  );
  expect(() => loadPolicy(file)).toThrow('both a holiday and a working day: 2026-10-10');
  writeFileSync(file, JSON.stringify({ calendar: { holidays: ['2026-02-30'] } }));
  expect(() => loadPolicy(file)).toThrow('calendar.holidays.0: must be a calendar date');
});

test('calendar days in module sections are checked: a bad day, or a calendar in a section no module reads, stops the start', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'policy-')), 'policy.json');
  writeFileSync(
    file,
    JSON.stringify({ modules: { 'member-development': { calendar: { holidays: ['2026-13-01'] } } } }),
  );
  expect(() => loadPolicy(file)).toThrow('modules.member-development.calendar.holidays.0: must be a calendar date');
  writeFileSync(file, JSON.stringify({ modules: { 'weekly-reports': { calendar: { workdays: 'sometimes' } } } }));
  expect(() => loadPolicy(file)).toThrow('modules.weekly-reports.calendar.workdays');
  writeFileSync(file, JSON.stringify({ modules: { 'party-dues': { calendar: { holidays: ['2026-10-10'] } } } }));
  expect(() => loadPolicy(file)).toThrow(
    'modules.party-dues.calendar: the working-day calendar belongs under `calendar`',
  );
  // A section no module reads is not read into the calendar either.
  const stray = { ...defaultPolicy(), modules: { 'party-dues': { calendar: { holidays: ['2026-11-13'] } } } };
  expect(both(stray).notice.workingDaysFromTo('2026-11-09', '2026-11-13')).toBe(5);
});
