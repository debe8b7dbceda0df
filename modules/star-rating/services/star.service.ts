import { type EntityManager, In } from 'typeorm';
import {
  type Act,
  type App,
  ErrorCode,
  type LocalDate,
  isRefusal,
  Member,
  OrgUnit,
  plusMonths,
  refuse,
  coreMessages,
  enumLabel,
  MemberCategory,
} from '#module-kit';
import { StarEntry } from '../entities/entry.entity';
import { StarCriterion, StarScheme } from '../entities/scheme.entity';
import { CriterionKind, CriterionSource, EntryStatus, SubjectType } from '../enums';
import { gradedSubjectsSql, subjectsSql } from './grading-sql';
import type { StarPolicy } from './policy';
import { recountSubject } from './tally';
import { STAR_LABELS as SL, STAR_MESSAGES as S } from '../messages';
const subjectLabel = (type: string) => enumLabel(SubjectType, type);

export interface NewCriterion {
  code: string;
  title: string;
  kind: CriterionKind;
  points: number;
  perQuantity?: boolean | null;
  cap?: number | null;
  starsOff?: number | null;
  memberCategory?: string | null;
  source?: CriterionSource | null;
}

/** What the port did with a record's entries (README "Entries from organisational life"). */
export interface SourcedEntries {
  /** New entries, awaiting confirmation. */
  recorded: number;
  /** Unconfirmed entries withdrawn (they never counted). */
  withdrawn: number;
  /** Confirmed entries reversed by a correction entry, awaiting confirmation like any correction. */
  reversed: number;
  /** Members whose scheme has no criterion fed by the source (or not for their category). */
  noCriterion: number;
  /** Entries the score book's rules refuse (fixed quarter, closed year, recording window): left as they are. */
  refused: number;
}

/** The quarter a day falls in, and the last day of a quarter. */
export const quarterOf = (day: LocalDate) => Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1;
export const quarterEnd = (year: number, quarter: number): LocalDate =>
  ['03-31', '06-30', '09-30', '12-31'].map((d) => `${year}-${d}`)[quarter - 1];
export const quarterStart = (year: number, quarter: number): LocalDate =>
  `${year}-${String(quarter * 3 - 2).padStart(2, '0')}-01`;

/** The last day of the month a day falls in. */
const monthEnd = (day: LocalDate): LocalDate => {
  const [y, m] = day.split('-').map(Number);
  return `${y}-${String(m).padStart(2, '0')}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
};

/**
 * The last day an entry for `occurredOn` may be recorded (一月一汇总): the end of the month
 * `months` after the month it occurred in (0: that month's end); null, no limit.
 */
export function recordBy(occurredOn: LocalDate, months: number | null): LocalDate | null {
  if (months === null) return null;
  return monthEnd(plusMonths(`${occurredOn.slice(0, 7)}-01`, months));
}

export class StarService {
  constructor(
    private readonly policy: StarPolicy,
    /** Null for the demo seed: its facts are loaded in bulk and counted once by the rebuild. */
    private readonly app: App | null,
  ) {}

  /** Refuses (PERIOD_CLOSED) a write dated inside a closed year of star figures, unless reopened for the unit. */
  private async assertOpen(
    tx: EntityManager,
    unitId: number,
    from: LocalDate,
    through: LocalDate,
    act: Act,
    field: string[],
  ): Promise<void> {
    await this.app?.figures.assertOpen(tx, {
      unitId,
      from,
      through,
      modules: ['star-rating'],
      today: act.today,
      field,
    });
  }

  /**
   * When the grades of a subject's quarter were fixed (for its unit or a unit above it), or null
   * while the quarter is open for it.
   */
  async quarterFixedOn(
    db: EntityManager,
    subject: { type: SubjectType; id: number; unit: OrgUnit },
    year: number,
    quarter: number,
  ): Promise<Date | null> {
    const [row] = await db.query(
      `SELECT min(at) AS at FROM (
         SELECT f.fixed_at AS at FROM sr_quarter_fix f JOIN org_unit a ON a.id = f.unit_id
         WHERE f.subject_type = $1 AND f.year = $2 AND f.quarter = $3 AND $4::text >= a.path AND $4::text < a.path || '~'
         UNION ALL
         SELECT q.fixed_at FROM sr_quarter_grade q JOIN sr_scheme s ON s.id = q.scheme_id
         WHERE s.subject_type = $1 AND q.year = $2 AND q.quarter = $3 AND q.subject_id = $5) x`,
      [subject.type, year, quarter, subject.unit.path, subject.id],
    );
    return row?.at ?? null;
  }

  /** The scheme a unit uses: its own or the nearest ancestor's, for a year and a kind of subject. */
  async applicableScheme(
    db: EntityManager,
    unit: OrgUnit,
    year: number,
    type: SubjectType,
  ): Promise<StarScheme | null> {
    const ids = unit.path.split('/').filter(Boolean).map(Number);
    const schemes = await db
      .getRepository(StarScheme)
      .createQueryBuilder('s')
      .where('s.unit_id = ANY(:ids) AND s.year = :year AND s.subject_type = :type', { ids, year, type })
      .getMany();
    return schemes.sort((a, b) => ids.indexOf(b.unitId) - ids.indexOf(a.unitId))[0] ?? null;
  }

  async createScheme(
    tx: EntityManager,
    unit: OrgUnit,
    input: { year: number; subjectType: SubjectType; name: string; thresholds: number[]; criteria: NewCriterion[] },
    copiedFrom: StarScheme | null,
  ): Promise<StarScheme> {
    const t = input.thresholds;
    if (t.length !== 5 || t.some((x, i) => x <= 0 || (i > 0 && x <= t[i - 1])))
      refuse(ErrorCode.BAD_USER_INPUT, S.thresholds(), ['input', 'thresholds']);
    if (await tx.exists(StarScheme, { where: { unitId: unit.id, year: input.year, subjectType: input.subjectType } })) {
      refuse(
        ErrorCode.CONFLICT,
        S.schemeExists({ unit: unit.name, type: subjectLabel(input.subjectType), year: input.year }),
        ['input', 'year'],
      );
    }
    if (copiedFrom && input.criteria.length)
      refuse(ErrorCode.BAD_USER_INPUT, S.criteriaOrCopy(), ['input', 'criteria']);
    if (copiedFrom && copiedFrom.subjectType !== input.subjectType)
      refuse(
        ErrorCode.BAD_USER_INPUT,
        S.copyAcrossTypes({ from: subjectLabel(copiedFrom.subjectType), to: subjectLabel(input.subjectType) }),
        ['input', 'copyFromId'],
      );
    // Scores count only under the scheme that applies: adopting one where the year's scoring has
    // started under another would silently drop those entries. A unit adopts its scheme first.
    const [{ entries }] = await tx.query(
      `SELECT count(*)::int AS entries FROM sr_entry e JOIN sr_criterion c ON c.id = e.criterion_id
       JOIN sr_scheme s ON s.id = c.scheme_id JOIN org_unit u ON u.id = e.subject_unit_id
       WHERE s.year = $1 AND s.subject_type = $2 AND u.path >= $3 AND u.path < $3 || '~'`,
      [input.year, input.subjectType, unit.path],
    );
    if (entries > 0)
      refuse(
        ErrorCode.INVALID_STATE,
        S.entriesUnderOther({ entries, year: input.year, type: subjectLabel(input.subjectType), unit: unit.name }),
        ['input', 'unitId'],
      );
    // The same rule as the figures attribute grades: a year's grade is scored under the nearest scheme
    // up its unit's path on 31 December of that year (README "Figures"). A kept grade of the year
    // whose path passes through this unit, scored under a scheme above it, would be re-scored under the
    // new one (and lose its entries): scoring has started there too. A grade under a scheme below this
    // unit stays as it is, so the new scheme changes no kept figure and needs no recount.
    const [{ graded }] = await tx.query(
      `SELECT count(*)::int AS graded
       FROM sr_tally_grade g JOIN sr_scheme s ON s.id = g.scheme_id
       CROSS JOIN LATERAL (SELECT string_to_array(trim(both '/' from g.path), '/')::int[] AS ids) p
       WHERE g.period = make_date($1, 1, 1) AND g.subject_type = $2 AND $3 = ANY(p.ids)
         AND array_position(p.ids, s.unit_id) < array_position(p.ids, $3)`,
      [input.year, input.subjectType, unit.id],
    );
    if (graded > 0)
      refuse(
        ErrorCode.INVALID_STATE,
        S.gradedUnderOther({ graded, year: input.year, type: subjectLabel(input.subjectType), unit: unit.name }),
        ['input', 'unitId'],
      );
    const criteria = copiedFrom ? await tx.find(StarCriterion, { where: { schemeId: copiedFrom.id } }) : input.criteria;
    const codes = new Set<string>();
    criteria.forEach((c, i) => {
      const where = ['input', 'criteria', String(i)];
      if (codes.has(c.code)) refuse(ErrorCode.BAD_USER_INPUT, S.codeTwice({ code: c.code }), [...where, 'code']);
      codes.add(c.code);
      if (c.kind === CriterionKind.REGULAR && c.points <= 0)
        refuse(ErrorCode.BAD_USER_INPUT, S.regularEarns(), [...where, 'points']);
      if (c.kind === CriterionKind.DEDUCTION && c.points > 0)
        refuse(ErrorCode.BAD_USER_INPUT, S.deductionTakes(), [...where, 'points']);
      if (c.kind === CriterionKind.DEDUCTION && c.points === 0 && !c.starsOff)
        refuse(ErrorCode.BAD_USER_INPUT, S.deductionTakesSomething(), [...where, 'starsOff']);
      if (c.cap != null && c.cap <= 0) refuse(ErrorCode.BAD_USER_INPUT, S.capPositive(), [...where, 'cap']);
      if (c.source && c.kind !== CriterionKind.REGULAR)
        refuse(ErrorCode.BAD_USER_INPUT, S.sourceOnlyRegular(), [...where, 'source']);
      if (c.source && criteria.slice(0, i).some((o) => o.source === c.source))
        refuse(ErrorCode.CONFLICT, S.sourceTwice({ source: enumLabel(CriterionSource, c.source) }), [
          ...where,
          'source',
        ]);
    });
    if (!criteria.length) refuse(ErrorCode.BAD_USER_INPUT, S.criteriaRequired(), ['input', 'criteria']);
    const result = await tx.insert(StarScheme, {
      unitId: unit.id,
      year: input.year,
      subjectType: input.subjectType,
      name: input.name.trim(),
      thresholds: t,
      copiedFromId: copiedFrom?.id ?? null,
    });
    const schemeId = result.identifiers[0].id;
    await tx.insert(
      StarCriterion,
      criteria.map((c) => ({
        schemeId,
        code: c.code,
        title: c.title,
        kind: c.kind,
        points: c.points,
        perQuantity: !!c.perQuantity,
        cap: c.cap ?? null,
        starsOff: c.starsOff ?? 0,
        memberCategory: c.memberCategory ?? null,
        source: c.source ?? null,
      })),
    );
    return tx.findOneOrFail(StarScheme, { where: { id: schemeId } });
  }

  /** Records an entry; points follow from the criterion. It counts once the level above confirms it. */
  async record(
    tx: EntityManager,
    subject: { type: SubjectType; id: number; unit: OrgUnit; member?: Member },
    criterion: StarCriterion,
    input: { occurredOn: LocalDate; quantity: number; evidence?: string | null; sourceRef?: string | null },
    act: Act,
  ): Promise<StarEntry> {
    if (input.occurredOn > act.today)
      refuse(ErrorCode.BAD_USER_INPUT, coreMessages.inFuture({ field: SL.occurredOn }), ['input', 'occurredOn']);
    await this.assertOpen(tx, subject.unit.id, input.occurredOn, input.occurredOn, act, ['input', 'occurredOn']);
    if (!Number.isInteger(input.quantity) || input.quantity < 1 || input.quantity > 1000)
      refuse(ErrorCode.BAD_USER_INPUT, S.quantity(), ['input', 'quantity']);
    const deadline = recordBy(input.occurredOn, this.policy.recordWithinMonthsAfter);
    if (deadline && act.today > deadline)
      refuse(
        ErrorCode.BAD_USER_INPUT,
        S.tooLate({
          month: input.occurredOn.slice(0, 7),
          deadline,
          months: this.policy.recordWithinMonthsAfter,
        }),
        ['input', 'occurredOn'],
      );
    const year = Number(input.occurredOn.slice(0, 4));
    const quarter = quarterOf(input.occurredOn);
    const fixedAt = await this.quarterFixedOn(tx, subject, year, quarter);
    if (fixedAt)
      refuse(ErrorCode.INVALID_STATE, S.quarterFixedEntries({ year, quarter, fixedAt: fixedAt.toISOString() }), [
        'input',
        'occurredOn',
      ]);
    const scheme = await this.applicableScheme(tx, subject.unit, Number(input.occurredOn.slice(0, 4)), subject.type);
    if (!scheme || scheme.id !== criterion.schemeId)
      refuse(ErrorCode.BAD_USER_INPUT, S.criterionNotInScheme(), ['input', 'criterionId']);
    if (criterion.memberCategory && subject.member?.category !== criterion.memberCategory) {
      refuse(
        ErrorCode.BAD_USER_INPUT,
        S.criterionForCategory({ category: enumLabel(MemberCategory, criterion.memberCategory!) }),
        ['input', 'criterionId'],
      );
    }
    const points =
      criterion.kind === CriterionKind.VETO
        ? 0
        : criterion.perQuantity
          ? criterion.points * input.quantity
          : criterion.points;
    const result = await tx.insert(StarEntry, {
      criterionId: criterion.id,
      subjectId: subject.id,
      subjectUnitId: subject.unit.id,
      occurredOn: input.occurredOn,
      quantity: input.quantity,
      points,
      evidence: input.evidence?.trim() || null,
      sourceRef: input.sourceRef ?? null,
      status: EntryStatus.RECORDED,
      correctsId: null,
      recordedBy: act.actorId,
      recordedAt: act.at,
    });
    return tx.findOneOrFail(StarEntry, { where: { id: result.identifiers[0].id } });
  }

  async confirm(tx: EntityManager, entry: StarEntry, act: Act): Promise<StarEntry> {
    if (entry.status !== EntryStatus.RECORDED)
      refuse(ErrorCode.INVALID_STATE, S.alreadyConfirmed(), ['input', 'entryId']);
    if (act.actorId !== null && entry.recordedBy === act.actorId)
      refuse(ErrorCode.INVALID_STATE, S.otherConfirms(), ['input', 'entryId']);
    await this.assertOpen(tx, entry.subjectUnitId, entry.occurredOn, entry.occurredOn, act, ['input', 'entryId']);
    const subject = await this.subjectOf(tx, entry);
    const fixedAt = await this.quarterFixedOn(tx, subject, ...yearQuarter(entry.occurredOn));
    if (fixedAt)
      refuse(
        ErrorCode.INVALID_STATE,
        S.quarterFixedWithout({ day: entry.occurredOn, fixedAt: fixedAt.toISOString() }),
        ['input', 'entryId'],
      );
    await tx.update(
      StarEntry,
      { id: entry.id },
      { status: EntryStatus.CONFIRMED, confirmedBy: act.actorId, confirmedAt: act.at },
    );
    // The running totals and the grade change with the entry, in this transaction.
    if (this.app)
      await recountSubject(
        this.app,
        tx,
        { type: subject.type, id: entry.subjectId, unitId: entry.subjectUnitId },
        entry.occurredOn,
      );
    return tx.findOneOrFail(StarEntry, { where: { id: entry.id } });
  }

  /** A confirmed entry is never edited: a correction is a new entry reversing it (confirmed like any other). */
  async correct(tx: EntityManager, entry: StarEntry, reason: string, act: Act): Promise<StarEntry> {
    if (entry.status !== EntryStatus.CONFIRMED)
      refuse(ErrorCode.INVALID_STATE, S.onlyConfirmedCorrected(), ['input', 'entryId']);
    if (entry.correctsId !== null) refuse(ErrorCode.INVALID_STATE, S.correctionNotCorrected(), ['input', 'entryId']);
    if (await tx.exists(StarEntry, { where: { correctsId: entry.id } }))
      refuse(ErrorCode.CONFLICT, S.alreadyCorrected(), ['input', 'entryId']);
    if (!reason.trim()) refuse(ErrorCode.BAD_USER_INPUT, S.sayWhy(), ['input', 'reason']);
    // A correction of a fixed quarter goes into the open quarter (policy), so the fixed grades stand.
    const subject = await this.subjectOf(tx, entry);
    let occurredOn = entry.occurredOn;
    let note = `更正 correction: ${reason.trim()}`;
    const fixedAt = await this.quarterFixedOn(tx, subject, ...yearQuarter(entry.occurredOn));
    if (fixedAt) {
      if (this.policy.fixedQuarterCorrections === 'REFUSE')
        refuse(
          ErrorCode.INVALID_STATE,
          S.fixedQuarterRefused({ day: entry.occurredOn, fixedAt: fixedAt.toISOString() }),
          ['input', 'entryId'],
        );
      const yearEnd = `${entry.occurredOn.slice(0, 4)}-12-31`;
      occurredOn = act.today < yearEnd ? act.today : yearEnd;
      if (await this.quarterFixedOn(tx, subject, ...yearQuarter(occurredOn)))
        refuse(ErrorCode.INVALID_STATE, S.yearClosed({ year: entry.occurredOn.slice(0, 4) }), ['input', 'entryId']);
      note = `更正 correction of ${entry.occurredOn} (quarter fixed), booked in the open quarter: ${reason.trim()}`;
    }
    await this.assertOpen(tx, entry.subjectUnitId, occurredOn, occurredOn, act, ['input', 'entryId']);
    const result = await tx.insert(StarEntry, {
      criterionId: entry.criterionId,
      subjectId: entry.subjectId,
      subjectUnitId: entry.subjectUnitId,
      occurredOn,
      quantity: entry.quantity,
      points: -entry.points,
      evidence: note,
      sourceRef: entry.sourceRef,
      status: EntryStatus.RECORDED,
      correctsId: entry.id,
      recordedBy: act.actorId,
      recordedAt: act.at,
    });
    return tx.findOneOrFail(StarEntry, { where: { id: result.identifiers[0].id } });
  }

  /**
   * The port of entries from another module's records (README "Entries from organisational life"):
   * makes a record's entries match it. Each member listed gets one entry (quantity 1, on `day`) of the
   * criterion of their scheme fed by `source`, recorded and awaiting confirmation like any entry; an
   * entry of the record for a member no longer listed (or on another day) goes: withdrawn while
   * unconfirmed, reversed by a correction once confirmed. `day` null (a cancelled record) removes all.
   * Idempotent: a member's live entry for the record is kept as it is. What the score book's rules
   * refuse (a fixed quarter, a closed year, the recording window) is skipped and counted, so the
   * record itself still saves.
   */
  async recordSourcedEntries(
    tx: EntityManager,
    input: { source: CriterionSource; sourceRef: string; day: LocalDate | null; memberIds: number[]; note: string },
    act: Act,
  ): Promise<SourcedEntries> {
    const done: SourcedEntries = { recorded: 0, withdrawn: 0, reversed: 0, noCriterion: 0, refused: 0 };
    const live = await tx
      .getRepository(StarEntry)
      .createQueryBuilder('e')
      .setLock('pessimistic_write')
      .where('e.source_ref = :ref AND e.corrects_id IS NULL', { ref: input.sourceRef })
      .andWhere('NOT EXISTS (SELECT 1 FROM sr_entry r WHERE r.corrects_id = e.id)')
      .getMany();
    const wanted = new Set(input.day ? input.memberIds : []);
    for (const entry of live) {
      if (wanted.has(entry.subjectId) && entry.occurredOn === input.day) {
        wanted.delete(entry.subjectId);
        continue;
      }
      try {
        if (entry.status === EntryStatus.RECORDED) {
          await this.assertOpen(tx, entry.subjectUnitId, entry.occurredOn, entry.occurredOn, act, ['input']);
          await tx.delete(StarEntry, { id: entry.id });
          done.withdrawn++;
        } else {
          await this.correct(tx, entry, input.note, act);
          done.reversed++;
        }
      } catch (e) {
        if (!isRefusal(e)) throw e;
        done.refused++;
      }
    }
    if (!wanted.size || !input.day) return done;
    const year = Number(input.day.slice(0, 4));
    const members = await tx.findBy(Member, { id: In([...wanted]) });
    // Members listed together mostly share a branch: its unit and criterion are looked up once.
    const byBranch = new Map<number, Promise<[OrgUnit, StarCriterion | null]>>();
    const lookUp = async (branchId: number): Promise<[OrgUnit, StarCriterion | null]> => {
      const unit = await tx.findOneByOrFail(OrgUnit, { id: branchId });
      const scheme = await this.applicableScheme(tx, unit, year, SubjectType.MEMBER);
      const found = scheme
        ? await tx.findOneBy(StarCriterion, { schemeId: scheme.id, source: input.source, kind: CriterionKind.REGULAR })
        : null;
      return [unit, found];
    };
    for (const member of members.sort((a, b) => a.id - b.id)) {
      if (!byBranch.has(member.branchId)) byBranch.set(member.branchId, lookUp(member.branchId));
      const [unit, criterion] = await byBranch.get(member.branchId)!;
      if (!criterion || (criterion.memberCategory && criterion.memberCategory !== member.category)) {
        done.noCriterion++;
        continue;
      }
      try {
        await this.record(
          tx,
          { type: SubjectType.MEMBER, id: member.id, unit, member },
          criterion,
          { occurredOn: input.day, quantity: 1, evidence: input.note, sourceRef: input.sourceRef },
          act,
        );
        done.recorded++;
      } catch (e) {
        if (!isRefusal(e)) throw e;
        done.refused++;
      }
    }
    return done;
  }

  /**
   * Fixes the official grades at a quarter's end (季有晋星) for the subjects under a unit where star
   * rating is on; kept however entries change later, and entries for the quarter are refused from
   * then on. Only rated subjects (with a score book) get a grade; the others stay not rated. Returns
   * how many grades were fixed now, and how many entries of the quarter still awaited confirmation
   * (they will not count).
   */
  async fixQuarter(
    tx: EntityManager,
    unit: OrgUnit,
    type: SubjectType,
    year: number,
    quarter: number,
    act: Act,
  ): Promise<{ fixed: number; pendingLeftOut: number }> {
    const end = quarterEnd(year, quarter);
    if (end >= act.today) refuse(ErrorCode.INVALID_STATE, S.quarterNotOver({ end }), ['input', 'quarter']);
    await this.assertOpen(tx, unit.id, quarterStart(year, quarter), end, act, ['input', 'quarter']);
    await tx.query(
      `INSERT INTO sr_quarter_fix (unit_id, subject_type, year, quarter, fixed_at, fixed_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (unit_id, subject_type, year, quarter) DO NOTHING`,
      [unit.id, type, year, quarter, act.at, act.actorId],
    );
    const rows = await tx.query(
      `INSERT INTO sr_quarter_grade (scheme_id, subject_id, subject_unit_id, year, quarter, score, grade, vetoed, fixed_at)
       SELECT g.scheme_id, g.subject_id, g.subject_unit_id, $2, $4, g.score, g.grade, g.vetoed, $5
       FROM (${gradedSubjectsSql(type)}) g WHERE g.rated
       ON CONFLICT (scheme_id, subject_id, year, quarter) DO NOTHING
       RETURNING id`,
      [[unit.id], year, end, quarter, act.at],
    );
    const [{ pending }] = await tx.query(
      `SELECT count(*)::int AS pending FROM (${subjectsSql(type)}) s
       JOIN sr_criterion c ON c.scheme_id = s.scheme_id
       JOIN sr_entry e ON e.criterion_id = c.id AND e.subject_id = s.subject_id
       WHERE e.status = 'RECORDED' AND e.occurred_on BETWEEN $3::date AND $4::date`,
      [[unit.id], year, quarterStart(year, quarter), end],
    );
    return { fixed: rows.length, pendingLeftOut: pending };
  }

  /** The subject an entry is about, as `quarterFixedOn` needs it. */
  private async subjectOf(tx: EntityManager, entry: StarEntry) {
    const [row] = await tx.query(
      `SELECT s.subject_type AS type, u.path FROM sr_criterion c JOIN sr_scheme s ON s.id = c.scheme_id
       JOIN org_unit u ON u.id = $2 WHERE c.id = $1`,
      [entry.criterionId, entry.subjectUnitId],
    );
    return { type: row.type as SubjectType, id: entry.subjectId, unit: { path: row.path } as OrgUnit };
  }
}

const yearQuarter = (day: LocalDate): [number, number] => [Number(day.slice(0, 4)), quarterOf(day)];
