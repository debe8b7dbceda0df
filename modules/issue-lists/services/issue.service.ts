import type { EntityManager } from 'typeorm';
import {
  type Act,
  type Attachment,
  checkAttachments,
  ErrorCode,
  type FiguresEngine,
  type LocalDate,
  OrgUnit,
  refuse,
  coreMessages,
  coreLabels,
  enumLabel,
} from '#module-kit';
import { Issue } from '../entities/issue.entity';
import { IssueCategory, IssueEventKind, IssueSource, IssueStatus } from '../enums';
import { ISSUE_LABELS as IL, ISSUE_MESSAGES as I } from '../messages';

const MODULE = 'issue-lists';

export interface NewIssue {
  title: string;
  description?: string | null;
  category: IssueCategory;
  source: IssueSource;
  sourceRef?: string | null;
  raisedUnitId: number;
  /** Who handles it first; default the raising unit (solved at the lowest level able to). */
  handlingUnitId?: number | null;
  responsibleUnitId?: number | null;
  responsiblePerson?: string | null;
  deadline?: LocalDate | null;
  attachments?: Attachment[];
  inspectionId?: number | null;
}

/** Which statuses each step may start from, and where it leads. */
const STEPS: Record<
  Exclude<IssueEventKind, IssueEventKind.RAISED | IssueEventKind.ESCALATED | IssueEventKind.DEESCALATED>,
  { from: IssueStatus[]; to: IssueStatus }
> = {
  ASSIGNED: { from: [IssueStatus.OPEN, IssueStatus.ASSIGNED], to: IssueStatus.ASSIGNED },
  STARTED: { from: [IssueStatus.ASSIGNED], to: IssueStatus.IN_PROGRESS },
  RESOLVED: { from: [IssueStatus.IN_PROGRESS], to: IssueStatus.RESOLVED },
  CLOSED: { from: [IssueStatus.RESOLVED], to: IssueStatus.CLOSED },
  REOPENED: { from: [IssueStatus.RESOLVED], to: IssueStatus.IN_PROGRESS },
};
const MOVABLE = [IssueStatus.OPEN, IssueStatus.ASSIGNED, IssueStatus.IN_PROGRESS];

/** The issue list's workflow (问题清单 → 责任清单 → 销号清单), every change an event on the timeline. */
export class IssueService {
  constructor(private readonly figures: FiguresEngine) {}

  /**
   * Keeps the issue figures right in the writing transaction: recounts the tallies of the issue's
   * home unit (the raising unit, or the unit inspected) from `day`'s month on. Every change of an
   * issue's state is dated today; crossing off or returning a report of solving also settles that
   * report, in the rows of the day it was reported solved while that month is open (the recount
   * starts there), in today's alone once it closed: writes recount open months only.
   */
  async recount(tx: EntityManager, issue: Pick<Issue, 'raisedUnitId' | 'inspectionId'>, day: LocalDate) {
    let home = issue.raisedUnitId;
    if (issue.inspectionId !== null) {
      const [row] = await tx.query(`SELECT unit_id FROM il_inspection WHERE id = $1`, [issue.inspectionId]);
      home = row?.unit_id ?? home;
    }
    await this.figures.recount(tx, MODULE, [home], day);
  }

  async raise(tx: EntityManager, input: NewIssue, act: Act): Promise<Issue> {
    if (!input.title.trim()) refuse(ErrorCode.BAD_USER_INPUT, I.titleRequired(), ['input', 'title']);
    // Other modules raise issues through the registry with plain strings: the category is checked here.
    if (!Object.values(IssueCategory).includes(input.category))
      refuse(ErrorCode.BAD_USER_INPUT, I.categoryOneOf({ allowed: Object.values(IssueCategory) }), [
        'input',
        'category',
      ]);
    if (input.deadline && input.deadline < act.today)
      refuse(ErrorCode.BAD_USER_INPUT, I.deadlinePassed(), ['input', 'deadline']);
    const attachments = checkAttachments(input.attachments);
    const handling = input.handlingUnitId ?? input.raisedUnitId;
    if (input.responsibleUnitId)
      await this.assertWithin(tx, input.responsibleUnitId, handling, ['input', 'responsibleUnitId']);
    const assigned = !!(input.responsibleUnitId || input.responsiblePerson);
    const result = await tx.insert(Issue, {
      title: input.title.trim(),
      description: input.description?.trim() || null,
      category: input.category,
      source: input.source,
      sourceRef: input.sourceRef ?? null,
      raisedUnitId: input.raisedUnitId,
      raisedBy: act.actorId,
      raisedOn: act.today,
      handlingUnitId: handling,
      responsibleUnitId: input.responsibleUnitId ?? (assigned ? handling : null),
      responsiblePerson: input.responsiblePerson?.trim() || null,
      deadline: input.deadline ?? null,
      attachments,
      status: assigned ? IssueStatus.ASSIGNED : IssueStatus.OPEN,
      inspectionId: input.inspectionId ?? null,
    });
    const issue = await tx.findOneOrFail(Issue, { where: { id: result.identifiers[0].id } });
    await this.event(tx, issue, IssueEventKind.RAISED, null, issue.status, act, null, { to: handling });
    await this.recount(tx, issue, act.today);
    return issue;
  }

  /** A workflow step; out of order answers INVALID_STATE. */
  async step(
    tx: EntityManager,
    issue: Issue,
    kind: keyof typeof STEPS,
    act: Act,
    note: string | null,
    assignment?: { responsibleUnitId: number | null; responsiblePerson: string | null; deadline?: LocalDate | null },
  ): Promise<Issue> {
    const step = STEPS[kind];
    if (!step.from.includes(issue.status)) {
      refuse(
        ErrorCode.INVALID_STATE,
        I.stepOutOfOrder({ step: IL.steps[kind], status: enumLabel(IssueStatus, issue.status) }),
        ['input', 'issueId'],
      );
    }
    const patch: Partial<Issue> = { status: step.to };
    if (kind === 'ASSIGNED') {
      if (!assignment?.responsibleUnitId && !assignment?.responsiblePerson)
        refuse(ErrorCode.BAD_USER_INPUT, I.responsibleRequired(), ['input', 'responsibleUnitId']);
      if (assignment.responsibleUnitId)
        await this.assertWithin(tx, assignment.responsibleUnitId, issue.handlingUnitId, ['input', 'responsibleUnitId']);
      patch.responsibleUnitId = assignment.responsibleUnitId ?? issue.handlingUnitId;
      patch.responsiblePerson = assignment.responsiblePerson?.trim() || null;
      if (assignment.deadline !== undefined) patch.deadline = assignment.deadline;
    }
    if (kind === 'RESOLVED') Object.assign(patch, { resolvedAt: act.at, resolvedUnitId: issue.handlingUnitId });
    if (kind === 'CLOSED') Object.assign(patch, { closedAt: act.at, closedBy: act.actorId });
    if (kind === 'REOPENED') Object.assign(patch, { resolvedAt: null, resolvedUnitId: null });
    if (kind === 'REOPENED' && !note?.trim()) refuse(ErrorCode.BAD_USER_INPUT, I.whyNotSolved(), ['input', 'note']);
    await tx.update(Issue, { id: issue.id }, { ...patch, version: issue.version + 1 });
    await this.event(tx, issue, kind as IssueEventKind, issue.status, step.to, act, note);
    // Crossing off or returning settles the report of solving: while the report's month is open, its
    // rows say so (recount from that month); once it closed, they never change and the settlement
    // counts in today's month alone.
    const settles = (kind === 'CLOSED' || kind === 'REOPENED') && issue.resolvedAt;
    const [{ day: reported }] = settles
      ? await tx.query(`SELECT LEAST($1::timestamptz::date, $2::date)::text AS day`, [issue.resolvedAt, act.today])
      : [{ day: act.today }];
    const open = this.figures.firstOpenDay(MODULE, act.today) ?? reported;
    await this.recount(tx, issue, reported >= open ? reported : act.today);
    return tx.findOneOrFail(Issue, { where: { id: issue.id } });
  }

  /** Hands the issue to the level above (escalate) or to a unit below (de-escalate): it is open again there. */
  async handOver(
    tx: EntityManager,
    issue: Issue,
    to: OrgUnit,
    direction: 'up' | 'down',
    act: Act,
    reason: string,
  ): Promise<Issue> {
    if (!MOVABLE.includes(issue.status))
      refuse(ErrorCode.INVALID_STATE, I.notHandedOver({ status: enumLabel(IssueStatus, issue.status) }), [
        'input',
        'issueId',
      ]);
    if (!reason.trim()) refuse(ErrorCode.BAD_USER_INPUT, I.giveAReason(), ['input', 'reason']);
    const from = await tx.findOneOrFail(OrgUnit, { where: { id: issue.handlingUnitId } });
    if (direction === 'down' && !(to.path.startsWith(from.path) && to.id !== from.id))
      refuse(ErrorCode.BAD_USER_INPUT, I.notBelow({ to: to.name, from: from.name }), ['input', 'toUnitId']);
    if (to.dissolvedOn) refuse(ErrorCode.INVALID_STATE, I.dissolved({ unit: to.name }), ['input', 'toUnitId']);
    await tx.update(
      Issue,
      { id: issue.id },
      {
        handlingUnitId: to.id,
        status: IssueStatus.OPEN,
        responsibleUnitId: null,
        responsiblePerson: null,
        version: issue.version + 1,
      },
    );
    await this.event(
      tx,
      issue,
      direction === 'up' ? IssueEventKind.ESCALATED : IssueEventKind.DEESCALATED,
      issue.status,
      IssueStatus.OPEN,
      act,
      reason.trim(),
      { from: from.id, to: to.id },
    );
    await this.recount(tx, issue, act.today);
    return tx.findOneOrFail(Issue, { where: { id: issue.id } });
  }

  async lock(tx: EntityManager, id: number, version?: number): Promise<Issue> {
    const issue = await tx.findOne(Issue, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!issue) refuse(ErrorCode.NOT_FOUND, coreMessages.notFound({ what: IL.issue }), ['input', 'issueId']);
    if (version !== undefined && version !== issue.version)
      refuse(ErrorCode.CONFLICT, I.issueChanged({ version: issue.version }), ['input', 'version']);
    return issue;
  }

  private async assertWithin(tx: EntityManager, unitId: number, handlingUnitId: number, field: string[]) {
    const [unit, handling] = await Promise.all([
      tx.findOne(OrgUnit, { where: { id: unitId } }),
      tx.findOne(OrgUnit, { where: { id: handlingUnitId } }),
    ]);
    if (!unit) refuse(ErrorCode.NOT_FOUND, coreMessages.notFound({ what: coreLabels.unit }), field);
    if (!handling || !unit.path.startsWith(handling.path))
      refuse(ErrorCode.BAD_USER_INPUT, I.outsideHandling({ unit: unit.name }), field);
  }

  private async event(
    tx: EntityManager,
    issue: Issue,
    kind: IssueEventKind,
    from: IssueStatus | null,
    to: IssueStatus,
    act: Act,
    note: string | null,
    units: { from?: number; to?: number } = {},
  ) {
    await tx.query(
      `INSERT INTO il_issue_event (issue_id, actor_id, kind, from_status, to_status, from_unit_id, to_unit_id, note, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [issue.id, act.actorId, kind, from, to, units.from ?? null, units.to ?? null, note, act.at],
    );
  }
}
