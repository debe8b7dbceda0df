import { IsNull, type EntityManager } from 'typeorm';
import {
  type App,
  DepartureReason,
  ErrorCode,
  type LocalDate,
  Member,
  MemberStatus,
  OrgUnit,
  OrgUnitKind,
  PHONE,
  refuse,
  Sector,
  toGlobalId,
  coreMessages,
  enumLabel,
} from '#module-kit';
import { MobileContact, MobileDecision, MobileReportIn } from '../entities/log.entities';
import { MobileRecord } from '../entities/mobile-record.entity';
import { AwayKind, AwayReason, ContactChannel, DecisionKind, MobileStatus } from '../enums';
import type { MobilePolicy } from './policy';
import { statusSql } from './status-sql';
import { MODULE } from './tallies';
import { MOBILE_LABELS as ML, MOBILE_MESSAGES as MM } from '../messages';
const kindsOf = (kinds: readonly string[]) => kinds.map((k) => enumLabel(OrgUnitKind, k));

export interface AwayInput {
  leftOn: LocalDate;
  province: string;
  city?: string | null;
  district?: string | null;
  areaCode?: string | null;
  kind: AwayKind;
  cardNumber?: string | null;
  reason: AwayReason;
  receivingUnitId?: number | null;
  receivingOrgName?: string | null;
  phone?: string | null;
  wechat?: string | null;
  qq?: string | null;
  expectedReturn?: LocalDate | null;
}

/**
 * Records of members away, their contact log and people's decisions. The status is derived; it
 * changes by a decision only when a person records one that the rules allow.
 */
export class MobileService {
  constructor(
    private readonly app: App,
    private readonly policy: MobilePolicy,
  ) {}

  async recordAway(tx: EntityManager, member: Member, input: AwayInput, today: LocalDate): Promise<MobileRecord> {
    if (member.status === MemberStatus.DEPARTED)
      refuse(ErrorCode.INVALID_STATE, MM.memberDeparted(), ['input', 'memberId']);
    if (input.leftOn > today)
      refuse(ErrorCode.BAD_USER_INPUT, coreMessages.inFuture({ field: ML.leftOn }), ['input', 'leftOn']);
    if (!input.province.trim()) refuse(ErrorCode.BAD_USER_INPUT, MM.provinceRequired(), ['input', 'province']);
    if (input.kind === AwayKind.ACTIVITY_CARD && !input.cardNumber?.trim())
      refuse(ErrorCode.BAD_USER_INPUT, MM.cardNumberRequired(), ['input', 'cardNumber']);
    if (input.kind === AwayKind.RELATIONSHIP_TRANSFERRED && !input.receivingUnitId && !input.receivingOrgName?.trim()) {
      refuse(ErrorCode.BAD_USER_INPUT, MM.receivingOrgRequired(), ['input', 'receivingOrgName']);
    }
    if (input.phone && !PHONE.test(input.phone)) refuse(ErrorCode.BAD_USER_INPUT, MM.phoneShape(), ['input', 'phone']);
    if (input.receivingUnitId) {
      const host = await tx.findOne(OrgUnit, { where: { id: input.receivingUnitId } });
      if (!host || host.sector !== Sector.MOBILE)
        refuse(ErrorCode.BAD_USER_INPUT, MM.receivingMobileBranch(), ['input', 'receivingUnitId']);
    }
    if (await tx.exists(MobileRecord, { where: { memberId: member.id, returnedOn: IsNull() } })) {
      refuse(ErrorCode.CONFLICT, MM.alreadyAway(), ['input', 'memberId']);
    }
    await this.assertOpen(tx, member.branchId, input.leftOn, today, 'leftOn');
    const { leftOn, city, district, areaCode, kind, reason, receivingOrgName, phone, wechat, qq, expectedReturn } =
      input;
    const result = await tx.insert(MobileRecord, {
      leftOn,
      city,
      district,
      areaCode,
      kind,
      reason,
      receivingOrgName,
      phone,
      wechat,
      qq,
      expectedReturn,
      province: input.province.trim(),
      memberId: member.id,
      homeUnitId: member.branchId,
      cardNumber: input.kind === AwayKind.ACTIVITY_CARD ? input.cardNumber!.trim() : null,
      receivingUnitId: input.receivingUnitId ?? null,
    });
    await this.recount(tx, member.branchId, leftOn);
    return tx.findOneOrFail(MobileRecord, { where: { id: result.identifiers[0].id } });
  }

  async logContact(
    tx: EntityManager,
    record: MobileRecord,
    input: { contactedOn: LocalDate; channel: ContactChannel; reached: boolean; note?: string | null },
    actorId: number | null,
    today: LocalDate,
  ): Promise<void> {
    this.assertAway(record);
    if (input.contactedOn > today || input.contactedOn < record.leftOn)
      refuse(ErrorCode.BAD_USER_INPUT, MM.betweenLeavingAndToday({ field: ML.contactedOn }), ['input', 'contactedOn']);
    await this.assertOpen(tx, record.homeUnitId, input.contactedOn, today, 'contactedOn');
    await tx.insert(MobileContact, {
      recordId: record.id,
      contactedOn: input.contactedOn,
      channel: input.channel,
      reached: input.reached,
      note: input.note?.trim() || null,
      recordedBy: actorId,
    });
    await this.recount(tx, record.homeUnitId, input.contactedOn);
  }

  async logReportIn(
    tx: EntityManager,
    record: MobileRecord,
    input: { reportedOn: LocalDate; channel: ContactChannel; note?: string | null },
    actorId: number | null,
    today: LocalDate,
  ): Promise<void> {
    this.assertAway(record);
    if (input.reportedOn > today || input.reportedOn < record.leftOn)
      refuse(ErrorCode.BAD_USER_INPUT, MM.betweenLeavingAndToday({ field: ML.reportedOn }), ['input', 'reportedOn']);
    await this.assertOpen(tx, record.homeUnitId, input.reportedOn, today, 'reportedOn');
    await tx.insert(MobileReportIn, {
      recordId: record.id,
      reportedOn: input.reportedOn,
      channel: input.channel,
      note: input.note?.trim() || null,
      recordedBy: actorId,
    });
    // A report-in is also a successful contact.
    await tx.insert(MobileContact, {
      recordId: record.id,
      contactedOn: input.reportedOn,
      channel: input.channel,
      reached: true,
      note: '党员主动汇报 report-in',
      recordedBy: actorId,
    });
    await this.recount(tx, record.homeUnitId, input.reportedOn);
  }

  /** The status of a record on a day, by the one rule in SQL. */
  async statusOf(
    tx: EntityManager,
    recordId: number,
    today: LocalDate,
  ): Promise<{ status: MobileStatus; suspendedLongEnough: boolean; lastReached: LocalDate | null }> {
    const s = statusSql(this.policy, '$2');
    const [row] = await tx.query(
      `SELECT ${s.status} AS status, (${s.suspendedLongEnough}) AS due, ${s.lastReached}::text AS last_reached FROM mm_record r ${s.joins} WHERE r.id = $1`,
      [recordId, today],
    );
    return { status: row.status, suspendedLongEnough: !!row.due, lastReached: row.last_reached };
  }

  /**
   * Records a decision the branch assembly took and the committee above approved. The rules say
   * which decisions the record allows; the software never decides by itself.
   */
  async decide(
    tx: EntityManager,
    record: MobileRecord,
    member: Member,
    input: {
      kind: DecisionKind;
      meetingOn: LocalDate;
      approvedOn: LocalDate;
      approvingUnit: OrgUnit;
      note?: string | null;
    },
    actorId: number | null,
    today: LocalDate,
  ): Promise<void> {
    if (input.approvedOn > today || input.meetingOn > input.approvedOn)
      refuse(ErrorCode.BAD_USER_INPUT, MM.meetingThenApproval(), ['input', 'approvedOn']);
    const branch = await tx.findOneOrFail(OrgUnit, { where: { id: record.homeUnitId } });
    const approving = input.approvingUnit;
    if (!branch.path.startsWith(approving.path) || branch.id === approving.id) {
      refuse(ErrorCode.BAD_USER_INPUT, MM.approverAbove(), ['input', 'approvingUnitId']);
    }
    // Only a party committee with that authority approves (policy: the grassroots committee above the
    // branch by default); a work station coordinates villages but is not a party committee.
    if (!(this.policy.approvingUnitKinds as string[]).includes(approving.kind)) {
      refuse(
        ErrorCode.BAD_USER_INPUT,
        approving.kind === OrgUnitKind.WORK_STATION
          ? MM.stationNotCommittee({ unit: approving.name, kinds: kindsOf(this.policy.approvingUnitKinds) })
          : MM.notAnApprover({
              unit: approving.name,
              kind: enumLabel(OrgUnitKind, approving.kind),
              kinds: kindsOf(this.policy.approvingUnitKinds),
            }),
        ['input', 'approvingUnitId'],
      );
    }
    const { status, suspendedLongEnough, lastReached } = await this.statusOf(tx, record.id, today);
    const allowed: Record<DecisionKind, boolean> = {
      [DecisionKind.SUSPEND]: status === MobileStatus.LOST,
      [DecisionKind.RESTORE]:
        status === MobileStatus.SUSPENDED &&
        !!lastReached &&
        lastReached >= (await this.lastDecisionDay(tx, record.id)),
      [DecisionKind.REMOVE]: status === MobileStatus.SUSPENDED && suspendedLongEnough,
    };
    if (!allowed[input.kind]) {
      const why = {
        [DecisionKind.SUSPEND]:
          status === MobileStatus.SEARCH_DUE
            ? MM.searchFirst({
                attempts: this.policy.searchAttemptsBeforeLost,
                status: enumLabel(MobileStatus, MobileStatus.SEARCH_DUE),
              })
            : MM.lostLongEnough({ months: this.policy.lostAfterMonths, status: enumLabel(MobileStatus, status) }),
        [DecisionKind.RESTORE]: MM.restoreAfterContact(),
        [DecisionKind.REMOVE]: MM.removalAfterSuspension({
          months: this.policy.removalAfterSuspendedMonths,
          status: enumLabel(MobileStatus, status),
        }),
      }[input.kind];
      refuse(ErrorCode.INVALID_STATE, why, ['input', 'kind']);
    }
    await this.assertOpen(tx, record.homeUnitId, input.approvedOn, today, 'approvedOn');
    const inserted = await tx.insert(MobileDecision, {
      recordId: record.id,
      kind: input.kind,
      meetingOn: input.meetingOn,
      approvedOn: input.approvedOn,
      approvingUnitId: input.approvingUnit.id,
      note: input.note?.trim() || null,
      recordedBy: actorId,
    });
    await this.recount(tx, record.homeUnitId, input.approvedOn);
    // The register shows the suspension (issue 15, item 22): since the approval, by this decision.
    if (input.kind === DecisionKind.SUSPEND)
      await this.app.org.members.setSuspension(tx, member.id, {
        since: input.approvedOn,
        decision: suspensionDecision(
          input.meetingOn,
          approving.name,
          input.approvedOn,
          record.id,
          inserted.identifiers[0].id,
        ),
      });
    else if (input.kind === DecisionKind.RESTORE) await this.app.org.members.setSuspension(tx, member.id, null);
    if (input.kind === DecisionKind.REMOVE) {
      // The recorded decision, not the software, removes the member: the departure follows it.
      await this.app.org.members.recordDeparture(
        tx,
        member.id,
        DepartureReason.SELF_WITHDRAWN,
        input.approvedOn,
        today,
        ['input', 'approvedOn'],
      );
    }
  }

  async markReturned(tx: EntityManager, record: MobileRecord, returnedOn: LocalDate, today: LocalDate): Promise<void> {
    this.assertAway(record);
    if (returnedOn > today || returnedOn < record.leftOn)
      refuse(ErrorCode.BAD_USER_INPUT, MM.betweenLeavingAndToday({ field: ML.returnedOn }), ['input', 'returnedOn']);
    const { status } = await this.statusOf(tx, record.id, today);
    if (status === MobileStatus.REMOVED) refuse(ErrorCode.INVALID_STATE, MM.removed(), ['input', 'recordId']);
    await this.assertOpen(tx, record.homeUnitId, returnedOn, today, 'returnedOn');
    await tx.update(MobileRecord, { id: record.id }, { returnedOn, version: record.version + 1 });
    await this.recount(tx, record.homeUnitId, returnedOn);
  }

  /** A fact dated `day` changes that month's figures: refused (PERIOD_CLOSED) when the month is closed. */
  private assertOpen(tx: EntityManager, unitId: number, day: LocalDate, today: LocalDate, field: string) {
    return this.app.figures.assertOpen(tx, {
      unitId,
      from: day,
      through: day,
      modules: [MODULE],
      today,
      field: ['input', field],
    });
  }

  /** Keeps the home branch's tallies right in the writing transaction: its current state, and its months from `day`. */
  private recount(tx: EntityManager, unitId: number, day: LocalDate) {
    return this.app.figures.recount(tx, MODULE, [unitId], day);
  }

  async lock(tx: EntityManager, id: number): Promise<MobileRecord> {
    const record = await tx.findOne(MobileRecord, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!record) refuse(ErrorCode.NOT_FOUND, coreMessages.notFound({ what: ML.record }), ['input', 'recordId']);
    return record;
  }

  private assertAway(record: MobileRecord) {
    if (record.returnedOn)
      refuse(ErrorCode.INVALID_STATE, MM.returnedOn({ on: record.returnedOn }), ['input', 'recordId']);
  }

  private async lastDecisionDay(tx: EntityManager, recordId: number): Promise<string> {
    const [row] = await tx.query(
      `SELECT meeting_on::text AS day FROM mm_decision WHERE record_id = $1 ORDER BY id DESC LIMIT 1`,
      [recordId],
    );
    return row?.day ?? '0000-00-00';
  }
}

/** How the register names a suspension decided here: the meeting, the approval, the record and decision. */
export const suspensionDecision = (
  meetingOn: LocalDate,
  approvedBy: string,
  approvedOn: LocalDate,
  recordId: number,
  decisionId: number,
) =>
  `支部党员大会 ${meetingOn} 决定停止党籍，${approvedBy} ${approvedOn} 批准 — branch assembly of ${meetingOn}, approved by ${approvedBy} on ${approvedOn} (mobile-members decision ${decisionId} on record ${toGlobalId('MobileRecord', recordId)})`;
