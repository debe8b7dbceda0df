import { IsNull, type EntityManager } from 'typeorm';
import {
  type Act,
  ErrorCode,
  type FiguresEngine,
  type LocalDate,
  type OrgUnit,
  refuse,
  coreMessages,
} from '#module-kit';
import { Inspection } from '../entities/inspection.entity';
import { KeyRectification } from '../entities/key-rectification.entity';
import { IssueCategory, IssueSource } from '../enums';
import type { IssueService } from './issue.service';
import { ISSUE_LABELS as IL, ISSUE_MESSAGES as I } from '../messages';

export interface Finding {
  title: string;
  description?: string | null;
  category: IssueCategory;
  deadline: LocalDate;
}

/** Random inspections (随机督导): findings become issues to rectify; feedback and notices recorded. */
export class InspectionService {
  constructor(
    private readonly issues: IssueService,
    private readonly figures: FiguresEngine,
  ) {}

  async record(
    tx: EntityManager,
    input: {
      unit: OrgUnit;
      by: OrgUnit;
      inspectedOn: LocalDate;
      inspectors: string[];
      unannounced: boolean;
      summary?: string | null;
      findings: Finding[];
    },
    act: Act,
  ): Promise<Inspection> {
    if (input.inspectedOn > act.today)
      refuse(ErrorCode.BAD_USER_INPUT, coreMessages.inFuture({ field: IL.inspectedOn }), ['input', 'inspectedOn']);
    if (!input.unit.path.startsWith(input.by.path) || input.unit.id === input.by.id)
      refuse(ErrorCode.BAD_USER_INPUT, I.notLedBy({ by: input.by.name, unit: input.unit.name }), ['input', 'byUnitId']);
    const inspectors = input.inspectors.map((n) => n.trim()).filter(Boolean);
    if (!inspectors.length) refuse(ErrorCode.BAD_USER_INPUT, I.inspectorRequired(), ['input', 'inspectors']);
    // An inspection counts in the month of its day (inspection coverage): a closed month is refused.
    await this.figures.assertOpen(tx, {
      unitId: input.unit.id,
      from: input.inspectedOn,
      through: input.inspectedOn,
      modules: ['issue-lists'],
      today: act.today,
      field: ['input', 'inspectedOn'],
    });
    const result = await tx.insert(Inspection, {
      unitId: input.unit.id,
      byUnitId: input.by.id,
      inspectedOn: input.inspectedOn,
      inspectors,
      unannounced: input.unannounced,
      summary: input.summary?.trim() || null,
      createdBy: act.actorId,
    });
    const inspection = await tx.findOneOrFail(Inspection, { where: { id: result.identifiers[0].id } });
    for (const [i, f] of input.findings.entries()) {
      if (f.deadline < input.inspectedOn)
        refuse(ErrorCode.BAD_USER_INPUT, I.deadlineAfterInspection(), ['input', 'findings', String(i), 'deadline']);
      // Each finding is the inspected unit's to rectify, by its deadline (整改有时限).
      await this.issues.raise(
        tx,
        {
          ...f,
          source: IssueSource.INSPECTION,
          raisedUnitId: input.by.id,
          handlingUnitId: input.unit.id,
          responsibleUnitId: input.unit.id,
          inspectionId: inspection.id,
        },
        act,
      );
    }
    return inspection;
  }

  async recordFeedback(
    tx: EntityManager,
    inspection: Inspection,
    input: { feedback?: string | null; notice?: string | null },
    today: LocalDate,
  ): Promise<Inspection> {
    if (!input.feedback?.trim() && !input.notice?.trim())
      refuse(ErrorCode.BAD_USER_INPUT, I.feedbackOrNotice(), ['input']);
    await tx.update(
      Inspection,
      { id: inspection.id },
      {
        ...(input.feedback?.trim() ? { feedback: input.feedback.trim(), feedbackOn: today } : {}),
        ...(input.notice?.trim() ? { notice: input.notice.trim(), noticeOn: today } : {}),
      },
    );
    return tx.findOneOrFail(Inspection, { where: { id: inspection.id } });
  }

  async mark(
    tx: EntityManager,
    unit: OrgUnit,
    reason: string,
    actorId: number | null,
    today: LocalDate,
  ): Promise<KeyRectification> {
    if (!reason.trim()) refuse(ErrorCode.BAD_USER_INPUT, I.giveTheReason(), ['input', 'reason']);
    if (await tx.exists(KeyRectification, { where: { unitId: unit.id, unmarkedOn: IsNull() } }))
      refuse(ErrorCode.CONFLICT, I.alreadyMarked({ unit: unit.name }), ['input', 'unitId']);
    const result = await tx.insert(KeyRectification, {
      unitId: unit.id,
      markedOn: today,
      markedBy: actorId,
      reason: reason.trim(),
    });
    return tx.findOneOrFail(KeyRectification, { where: { id: result.identifiers[0].id } });
  }

  /** Unmarked only when every inspection finding of the unit is closed. */
  async unmark(tx: EntityManager, unit: OrgUnit, actorId: number | null, today: LocalDate): Promise<KeyRectification> {
    const mark = await tx.findOne(KeyRectification, {
      where: { unitId: unit.id, unmarkedOn: IsNull() },
      lock: { mode: 'pessimistic_write' },
    });
    if (!mark) refuse(ErrorCode.INVALID_STATE, I.notMarked({ unit: unit.name }), ['input', 'unitId']);
    const [{ open }] = await tx.query(
      `SELECT count(*)::int AS open FROM il_issue i JOIN il_inspection s ON s.id = i.inspection_id WHERE s.unit_id = $1 AND i.status <> 'CLOSED'`,
      [unit.id],
    );
    if (open > 0) refuse(ErrorCode.INVALID_STATE, I.findingsOpen({ unit: unit.name, open }), ['input', 'unitId']);
    await tx.update(KeyRectification, { id: mark.id }, { unmarkedOn: today, unmarkedBy: actorId });
    return tx.findOneOrFail(KeyRectification, { where: { id: mark.id } });
  }
}
