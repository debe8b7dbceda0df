import type { EntityManager } from 'typeorm';
import { type Act, ErrorCode, type LocalDate, type Member, type OrgUnit, refuse } from '#module-kit';
import { StarEntry } from '../entities/entry.entity';
import { StarCriterion, StarScheme } from '../entities/scheme.entity';
import { CriterionKind, EntryStatus, SubjectType } from '../enums';
import { gradedSubjectsSql } from './grading-sql';

export interface NewCriterion {
  code: string;
  title: string;
  kind: CriterionKind;
  points: number;
  perQuantity?: boolean | null;
  cap?: number | null;
  starsOff?: number | null;
  memberCategory?: string | null;
}

/** The quarter a day falls in, and the last day of a quarter. */
export const quarterOf = (day: LocalDate) => Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1;
export const quarterEnd = (year: number, quarter: number): LocalDate =>
  ['03-31', '06-30', '09-30', '12-31'].map((d) => `${year}-${d}`)[quarter - 1];

export class StarService {
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
      refuse(ErrorCode.BAD_USER_INPUT, 'five rising, positive thresholds (one to five stars)', ['input', 'thresholds']);
    if (await tx.exists(StarScheme, { where: { unitId: unit.id, year: input.year, subjectType: input.subjectType } })) {
      refuse(ErrorCode.CONFLICT, `${unit.name} already has a ${input.subjectType} scheme for ${input.year}`, [
        'input',
        'year',
      ]);
    }
    const criteria = copiedFrom ? await tx.find(StarCriterion, { where: { schemeId: copiedFrom.id } }) : input.criteria;
    const codes = new Set<string>();
    criteria.forEach((c, i) => {
      const where = ['input', 'criteria', String(i)];
      if (codes.has(c.code)) refuse(ErrorCode.BAD_USER_INPUT, `code ${c.code} appears twice`, [...where, 'code']);
      codes.add(c.code);
      if (c.kind === CriterionKind.REGULAR && c.points <= 0)
        refuse(ErrorCode.BAD_USER_INPUT, 'a regular criterion earns points', [...where, 'points']);
      if (c.kind === CriterionKind.DEDUCTION && c.points > 0)
        refuse(ErrorCode.BAD_USER_INPUT, 'a deduction takes points off (zero or negative points)', [
          ...where,
          'points',
        ]);
      if (c.kind === CriterionKind.DEDUCTION && c.points === 0 && !c.starsOff)
        refuse(ErrorCode.BAD_USER_INPUT, 'a deduction takes points or stars off', [...where, 'starsOff']);
      if (c.cap != null && c.cap <= 0) refuse(ErrorCode.BAD_USER_INPUT, 'a cap is positive', [...where, 'cap']);
    });
    if (!criteria.length)
      refuse(ErrorCode.BAD_USER_INPUT, 'a scheme needs criteria (or a scheme to copy)', ['input', 'criteria']);
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
      })),
    );
    return tx.findOneOrFail(StarScheme, { where: { id: schemeId } });
  }

  /** Records an entry; points follow from the criterion. It counts once the level above confirms it. */
  async record(
    tx: EntityManager,
    subject: { type: SubjectType; id: number; unit: OrgUnit; member?: Member },
    criterion: StarCriterion,
    input: { occurredOn: LocalDate; quantity: number; evidence?: string | null },
    act: Act,
  ): Promise<StarEntry> {
    if (input.occurredOn > act.today)
      refuse(ErrorCode.BAD_USER_INPUT, 'occurredOn cannot be in the future', ['input', 'occurredOn']);
    if (!Number.isInteger(input.quantity) || input.quantity < 1 || input.quantity > 1000)
      refuse(ErrorCode.BAD_USER_INPUT, 'quantity is a whole number from 1 to 1000', ['input', 'quantity']);
    const scheme = await this.applicableScheme(tx, subject.unit, Number(input.occurredOn.slice(0, 4)), subject.type);
    if (!scheme || scheme.id !== criterion.schemeId)
      refuse(ErrorCode.BAD_USER_INPUT, 'the criterion is not in the scheme that applies to this subject in that year', [
        'input',
        'criterionId',
      ]);
    if (criterion.memberCategory && subject.member?.category !== criterion.memberCategory) {
      refuse(ErrorCode.BAD_USER_INPUT, `this criterion applies to ${criterion.memberCategory} members`, [
        'input',
        'criterionId',
      ]);
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
      status: EntryStatus.RECORDED,
      correctsId: null,
      recordedBy: act.actorId,
    });
    return tx.findOneOrFail(StarEntry, { where: { id: result.identifiers[0].id } });
  }

  async confirm(tx: EntityManager, entry: StarEntry, act: Act): Promise<StarEntry> {
    if (entry.status !== EntryStatus.RECORDED)
      refuse(ErrorCode.INVALID_STATE, 'the entry is already confirmed', ['input', 'entryId']);
    if (act.actorId !== null && entry.recordedBy === act.actorId)
      refuse(ErrorCode.INVALID_STATE, 'an entry is confirmed by someone other than its recorder', ['input', 'entryId']);
    await tx.update(
      StarEntry,
      { id: entry.id },
      { status: EntryStatus.CONFIRMED, confirmedBy: act.actorId, confirmedAt: act.at },
    );
    return tx.findOneOrFail(StarEntry, { where: { id: entry.id } });
  }

  /** A confirmed entry is never edited: a correction is a new entry reversing it (confirmed like any other). */
  async correct(tx: EntityManager, entry: StarEntry, reason: string, act: Act): Promise<StarEntry> {
    if (entry.status !== EntryStatus.CONFIRMED)
      refuse(ErrorCode.INVALID_STATE, 'only a confirmed entry is corrected; a recorded one is simply not confirmed', [
        'input',
        'entryId',
      ]);
    if (entry.correctsId !== null)
      refuse(ErrorCode.INVALID_STATE, 'a correction is not itself corrected; record a new entry', ['input', 'entryId']);
    if (await tx.exists(StarEntry, { where: { correctsId: entry.id } }))
      refuse(ErrorCode.CONFLICT, 'this entry was already corrected', ['input', 'entryId']);
    if (!reason.trim()) refuse(ErrorCode.BAD_USER_INPUT, 'say why', ['input', 'reason']);
    const result = await tx.insert(StarEntry, {
      criterionId: entry.criterionId,
      subjectId: entry.subjectId,
      subjectUnitId: entry.subjectUnitId,
      occurredOn: entry.occurredOn,
      quantity: entry.quantity,
      points: -entry.points,
      evidence: `更正 correction: ${reason.trim()}`,
      status: EntryStatus.RECORDED,
      correctsId: entry.id,
      recordedBy: act.actorId,
    });
    return tx.findOneOrFail(StarEntry, { where: { id: result.identifiers[0].id } });
  }

  /** Fixes the official grades at a quarter's end (季有晋星); kept however entries change later. */
  async fixQuarter(
    tx: EntityManager,
    unit: OrgUnit,
    type: SubjectType,
    year: number,
    quarter: number,
    today: LocalDate,
  ): Promise<number> {
    const end = quarterEnd(year, quarter);
    if (end >= today)
      refuse(ErrorCode.INVALID_STATE, `the quarter ends on ${end}; grades are fixed after it`, ['input', 'quarter']);
    const rows = await tx.query(
      `INSERT INTO sr_quarter_grade (scheme_id, subject_id, subject_unit_id, year, quarter, score, grade, vetoed)
       SELECT sc.id, g.subject_id, g.subject_unit_id, $2, $5, g.score, g.grade, g.vetoed
       FROM (${gradedSubjectsSql(type)}) g
       CROSS JOIN LATERAL (
         SELECT s.id FROM sr_scheme s JOIN org_unit su ON su.id = g.subject_unit_id JOIN org_unit a ON a.id = s.unit_id
         WHERE s.year = $2 AND s.subject_type = $3 AND su.path >= a.path AND su.path < a.path || '~'
         ORDER BY a.depth DESC LIMIT 1) sc
       ON CONFLICT (scheme_id, subject_id, year, quarter) DO NOTHING
       RETURNING id`,
      [[unit.id], year, type, end, quarter],
    );
    return rows.length;
  }
}
