import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Language, Localized } from '../messages/catalogue';
import { valueAt, type Column, type ColumnKind } from './plan';

/**
 * Writing rows as CSV or xlsx, a page at a time, waiting for the client when it reads slower than the
 * database answers (README, "Export to spreadsheets").
 *
 * - CSV: UTF-8 with a BOM (Excel and WPS on Windows need it to read Chinese), RFC 4180 quoting, CRLF.
 *   Dates as 2026-11-30, instants as 2026-11-30 14:05:00 in the deployment's time zone, shares as the
 *   API gives them (fractions 0–1), booleans 是/否. A text that Excel would run as a formula (it starts
 *   with = + - @, a tab or a carriage return) is written with a leading apostrophe.
 * - xlsx (exceljs' streaming writer, no shared strings): dates and instants are Excel dates, numbers
 *   numbers, shares numbers formatted as percentages (0.0%).
 */

const WORDS = {
  yes: { zh: '是', en: 'yes' },
  no: { zh: '否', en: 'no' },
  figures: { zh: '概况', en: 'figures' },
} satisfies Record<string, Localized>;

export const sheetWords = WORDS;

export interface SheetWriter {
  /** Starts a sheet: its name and header row. */
  sheet(name: string, columns: Column[]): Promise<void>;
  /** Rows of the current sheet (an item of the list each, or the figures' root). */
  rows(items: unknown[]): Promise<void>;
  /** Ends the file. */
  end(): Promise<void>;
}

/** The wall-clock parts of an instant in the deployment's time zone. */
function wallClock(timeZone: string) {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return (iso: string): number[] => {
    const parts = Object.fromEntries(format.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
    return [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second].map(Number);
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

class Cells {
  private readonly wall: (iso: string) => number[];
  constructor(
    readonly language: Language,
    timeZone: string,
  ) {
    this.wall = wallClock(timeZone);
  }

  enumLabel(column: Column, value: string): string {
    const described = column.enumType?.getValue(value)?.description;
    return this.language === 'zh' ? described?.split(' — ')[0]?.trim() || value : value;
  }

  /** A scalar as text (CSV, and the values of a joined list). */
  text(kind: ColumnKind, column: Column, v: unknown): string {
    if (v === null || v === undefined) return '';
    switch (kind) {
      case 'boolean':
        return (v ? WORDS.yes : WORDS.no)[this.language];
      case 'enum':
        return this.enumLabel(column, String(v));
      case 'datetime': {
        const [y, mo, d, h, mi, s] = this.wall(String(v));
        return `${y}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}:${pad(s)}`;
      }
      case 'json':
        return JSON.stringify(v);
      default:
        return String(v);
    }
  }

  /** A list inside a row: its length, or its values joined. */
  joined(column: Column, v: unknown): string | number | null {
    if (!Array.isArray(v)) return null;
    if (column.kind === 'count') return v.length;
    return v.map((x) => this.text(column.itemKind ?? 'text', column, x)).join('、');
  }

  /** A value as an xlsx cell takes it. */
  typed(column: Column, v: unknown): ExcelJS.CellValue {
    if (v === null || v === undefined) return null;
    switch (column.kind) {
      case 'number':
      case 'share':
        return typeof v === 'number' ? v : Number(v);
      case 'date': {
        const [y, m, d] = String(v).split('-').map(Number);
        return new Date(Date.UTC(y, m - 1, d));
      }
      case 'datetime': {
        // Excel has no time zone: the cell shows the deployment's wall clock.
        const [y, mo, d, h, mi, s] = this.wall(String(v));
        return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
      }
      case 'count':
      case 'join':
        return this.joined(column, v);
      default:
        return this.text(column.kind, column, v);
    }
  }
}

const csvField = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const FORMULA = /^[=+\-@\t\r]/;

export class CsvWriter implements SheetWriter {
  private columns: Column[] = [];
  private readonly cells: Cells;
  private started = false;

  constructor(
    private readonly out: Writable,
    language: Language,
    timeZone: string,
  ) {
    this.cells = new Cells(language, timeZone);
  }

  private async write(chunk: string) {
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  async sheet(_name: string, columns: Column[]): Promise<void> {
    if (this.started) throw new Error('a CSV file holds one list');
    this.started = true;
    this.columns = columns;
    await this.write(`\uFEFF${columns.map((c) => csvField(c.label[this.cells.language])).join(',')}\r\n`);
  }

  async rows(items: unknown[]): Promise<void> {
    if (items.length === 0) return;
    const lines = items.map((item) =>
      this.columns
        .map((c) => {
          const v = valueAt(item, c.path);
          if (c.kind === 'count' || c.kind === 'join') return csvField(String(this.cells.joined(c, v) ?? ''));
          const s = this.cells.text(c.kind, c, v);
          return csvField(c.kind === 'text' && FORMULA.test(s) ? `'${s}` : s);
        })
        .join(','),
    );
    await this.write(`${lines.join('\r\n')}\r\n`);
  }

  async end(): Promise<void> {
    await new Promise<void>((resolve) => this.out.end(resolve));
  }
}

const NUMBER_FORMATS: Partial<Record<ColumnKind, string>> = {
  share: '0.0%',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm:ss',
};

/** A sheet's name as Excel allows it: at most 31 characters, none of []:*?/\, unique in the book. */
function sheetName(wanted: string, taken: Set<string>): string {
  const base = wanted.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || 'Sheet';
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base.slice(0, 27)} (${i})`;
  taken.add(name.toLowerCase());
  return name;
}

export class XlsxWriter implements SheetWriter {
  private readonly book: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly cells: Cells;
  private current: { ws: ExcelJS.Worksheet; columns: Column[]; formats: (string | undefined)[] } | null = null;
  private readonly names = new Set<string>();
  private readonly out: Writable;

  constructor(out: Writable, language: Language, timeZone: string) {
    this.out = out;
    this.cells = new Cells(language, timeZone);
    this.book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  }

  private async drain() {
    if (this.out.writableNeedDrain) await once(this.out, 'drain');
  }

  async sheet(name: string, columns: Column[]): Promise<void> {
    if (this.current) this.current.ws.commit();
    const ws = this.book.addWorksheet(sheetName(name, this.names), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columns.map((c) => ({
      width: Math.min(40, Math.max(10, [...c.label[this.cells.language]].length * 2 + 2)),
    }));
    const header = ws.addRow(columns.map((c) => c.label[this.cells.language]));
    header.font = { bold: true };
    header.commit();
    this.current = { ws, columns, formats: columns.map((c) => NUMBER_FORMATS[c.kind]) };
  }

  async rows(items: unknown[]): Promise<void> {
    const sheet = this.current!;
    for (const item of items) {
      const row = sheet.ws.addRow(sheet.columns.map((c) => this.cells.typed(c, valueAt(item, c.path))));
      sheet.formats.forEach((format, i) => {
        if (format) row.getCell(i + 1).numFmt = format;
      });
      row.commit();
    }
    await this.drain();
  }

  async end(): Promise<void> {
    if (this.current) this.current.ws.commit();
    await this.book.commit();
  }
}
