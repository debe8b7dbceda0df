import type { EntityManager } from 'typeorm';
import {
  type Act,
  type Attachment,
  checkAttachments,
  coreMessages,
  ErrorCode,
  type FiguresEngine,
  localized,
  type LocalDate,
  type OrgUnit,
  refuse,
} from '#module-kit';
import { MeetingAttendance } from '../entities/attendance.entity';
import { OrgLifeMeeting } from '../entities/meeting.entity';
import { AttendanceStatus, KINDS_BY_UNIT, MeetingKind } from '../enums';
import { ORG_LIFE_LABELS as L, ORG_LIFE_MESSAGES as M } from '../messages';
import { MODULE } from './module';
import type { OrgLifePolicy } from './policy';

/** The posts of a branch committee (支部委员会). */
const COMMITTEE_POSTS = ['SECRETARY', 'DEPUTY_SECRETARY', 'COMMITTEE_MEMBER'];

/** "more than half", "more than 67%": the policy's share as the message says it. */
const shareText = (share: number) =>
  share === 0.5 ? localized('半数', 'half') : localized(`${Math.round(share * 100)}%`, `${Math.round(share * 100)}%`);

const f = (...path: string[]) => ['input', ...path];

export interface AttendanceLine {
  memberId: number;
  status: AttendanceStatus;
  reason?: string | null;
  online?: boolean | null;
}

export interface MeetingFacts {
  kind: MeetingKind;
  heldOn: LocalDate;
  countsFor?: LocalDate | null;
  place: string;
  topic: string;
  lecturer?: string | null;
  chairedBy?: number | null;
  minutesBy?: number | null;
  online?: boolean | null;
  attachments?: Attachment[] | null;
  attendance: AttendanceLine[];
}

/** Meetings and their attendance: the rules a record must keep, and its writes. */
export class MeetingService {
  constructor(
    private readonly figures: FiguresEngine,
    private readonly policy: OrgLifePolicy,
  ) {}

  /**
   * 支委会 quorum: more than the policy's share (default half) of the members holding a committee post
   * of the branch on the day (secretary, deputy, committee member; held from the term's start until
   * the day the post ended) are recorded present. Without it the meeting is void, so it is refused:
   * the branch calls it again, and the period stays missing until it does.
   */
  private async checkQuorum(tx: EntityManager, unit: OrgUnit, x: MeetingFacts) {
    const rows: { member_id: number }[] = await tx.query(
      `SELECT DISTINCT p.member_id FROM post p
       WHERE p.unit_id = $1 AND p.role = ANY($2::text[]) AND p.member_id IS NOT NULL
         AND p.term_start <= $3::date AND (p.ended_on IS NULL OR p.ended_on > $3::date)`,
      [unit.id, COMMITTEE_POSTS, x.heldOn],
    );
    if (rows.length === 0)
      refuse(ErrorCode.BAD_USER_INPUT, M.noCommittee({ unit: unit.name, on: x.heldOn }), f('attendance'));
    const present = new Set(x.attendance.filter((a) => a.status === AttendanceStatus.PRESENT).map((a) => a.memberId));
    const came = rows.filter((r) => present.has(r.member_id)).length;
    const share = this.policy.committeeQuorumShare;
    // In integers (a share such as 0.58 of 50 in floating point is 28.999…): more than the share, in hundredths.
    if (!(came * 100 > Math.round(share * 100) * rows.length)) {
      refuse(
        ErrorCode.BAD_USER_INPUT,
        M.noQuorum({ committee: rows.length, present: came, share: shareText(share) }),
        f('attendance'),
      );
    }
  }

  /** Checks a record against the unit and its register; returns the row's values. */
  private async check(tx: EntityManager, unit: OrgUnit, x: MeetingFacts, act: Act, quorum = true) {
    if (!(KINDS_BY_UNIT[unit.kind] ?? []).includes(x.kind))
      refuse(ErrorCode.BAD_USER_INPUT, M.kindNotHeld({ unit: unit.name, kind: x.kind }), f('kind'));
    if (unit.dissolvedOn && unit.dissolvedOn <= x.heldOn)
      refuse(ErrorCode.INVALID_STATE, coreMessages.dissolvedOn({ unit: unit.name, on: unit.dissolvedOn }), f('heldOn'));
    if (x.heldOn > act.today) refuse(ErrorCode.BAD_USER_INPUT, coreMessages.inFuture({ field: L.heldOn }), f('heldOn'));
    const countsFor = x.countsFor ?? x.heldOn;
    if (countsFor > x.heldOn) refuse(ErrorCode.BAD_USER_INPUT, M.countsForAfterHeld(), f('countsFor'));
    if (!x.topic.trim()) refuse(ErrorCode.BAD_USER_INPUT, M.topicRequired(), f('topic'));
    const lecturer = x.lecturer?.trim() || null;
    if (x.kind === MeetingKind.LECTURE && !lecturer)
      refuse(ErrorCode.BAD_USER_INPUT, M.lecturerRequired(), f('lecturer'));
    if (x.kind !== MeetingKind.LECTURE && lecturer)
      refuse(ErrorCode.BAD_USER_INPUT, M.lecturerOnlyForLecture(), f('lecturer'));
    const seen = new Set<number>();
    x.attendance.forEach((a, i) => {
      if (seen.has(a.memberId)) refuse(ErrorCode.CONFLICT, M.listedTwice(), f('attendance', String(i), 'memberId'));
      seen.add(a.memberId);
      const reason = a.reason?.trim() || null;
      if (a.status === AttendanceStatus.EXCUSED && !reason)
        refuse(ErrorCode.BAD_USER_INPUT, M.reasonRequired(), f('attendance', String(i), 'reason'));
      if (a.status !== AttendanceStatus.EXCUSED && reason)
        refuse(ErrorCode.BAD_USER_INPUT, M.reasonOnlyWhenExcused(), f('attendance', String(i), 'reason'));
    });
    // Each member must have belonged to the branch (or the party group) on the meeting day, by the register.
    const ids = x.attendance.map((a) => a.memberId);
    const rows: { id: number; name: string; belonged: boolean; left_on: LocalDate | null }[] = await tx.query(
      `SELECT m.id, m.name,
              EXISTS (SELECT 1 FROM membership_period p WHERE p.member_id = m.id AND (p.branch_id = $2 OR p.party_group_id = $2)
                        AND p.valid_from <= $3::date AND (p.valid_to IS NULL OR p.valid_to > $3::date)) AS belonged,
              (SELECT max(p.valid_to) FROM membership_period p WHERE p.member_id = m.id
                 AND (p.branch_id = $2 OR p.party_group_id = $2) AND p.valid_to <= $3::date) AS left_on
       FROM member m WHERE m.id = ANY($1::int[])`,
      [ids, unit.id, x.heldOn],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    x.attendance.forEach((a, i) => {
      const r = byId.get(a.memberId);
      const field = f('attendance', String(i), 'memberId');
      if (r?.belonged) return;
      if (r?.left_on)
        refuse(ErrorCode.BAD_USER_INPUT, M.hadLeft({ member: r.name, unit: unit.name, on: r.left_on }), field);
      refuse(
        ErrorCode.BAD_USER_INPUT,
        M.notOfThisUnit({ member: r?.name ?? '?', unit: unit.name, on: x.heldOn }),
        field,
      );
    });
    if (x.kind === MeetingKind.COMMITTEE && quorum) await this.checkQuorum(tx, unit, x);
    return {
      kind: x.kind,
      heldOn: x.heldOn,
      countsFor,
      place: x.place.trim(),
      topic: x.topic.trim(),
      lecturer,
      chairedBy: x.chairedBy ?? null,
      minutesBy: x.minutesBy ?? null,
      online: x.online ?? false,
      attachments: checkAttachments(x.attachments),
    };
  }

  /** The months a record reaches must all be open: from the period it counts for to the day it was held. */
  private open(tx: EntityManager, unitId: number, from: LocalDate, through: LocalDate, act: Act, field: string) {
    return this.figures.assertOpen(tx, { unitId, from, through, modules: [MODULE], today: act.today, field: f(field) });
  }

  private async writeAttendance(tx: EntityManager, meetingId: number, lines: AttendanceLine[]) {
    await tx.delete(MeetingAttendance, { meetingId });
    if (!lines.length) return;
    await tx.insert(
      MeetingAttendance,
      lines.map((a) => ({
        meetingId,
        memberId: a.memberId,
        status: a.status,
        reason: a.status === AttendanceStatus.EXCUSED ? a.reason!.trim() : null,
        online: a.status === AttendanceStatus.PRESENT && !!a.online,
      })),
    );
  }

  async record(tx: EntityManager, unit: OrgUnit, x: MeetingFacts, act: Act): Promise<OrgLifeMeeting> {
    const row = await this.check(tx, unit, x, act);
    await this.open(tx, unit.id, row.countsFor, row.heldOn, act, x.countsFor ? 'countsFor' : 'heldOn');
    const result = await tx.insert(OrgLifeMeeting, {
      ...row,
      unitId: unit.id,
      recordedAt: act.at,
      recordedBy: act.actorId,
    });
    const id = result.identifiers[0].id as number;
    await this.writeAttendance(tx, id, x.attendance);
    await this.figures.recount(tx, MODULE, [unit.id], row.countsFor);
    return tx.findOneOrFail(OrgLifeMeeting, { where: { id } });
  }

  /** Replaces a record (its attendance too); both the old and the new dates must be in open periods. */
  async correct(
    tx: EntityManager,
    unit: OrgUnit,
    meeting: OrgLifeMeeting,
    version: number,
    x: MeetingFacts,
    act: Act,
  ): Promise<OrgLifeMeeting> {
    if (meeting.cancelledOn) refuse(ErrorCode.INVALID_STATE, M.cancelled(), f('meetingId'));
    if (meeting.version !== version)
      refuse(
        ErrorCode.CONFLICT,
        coreMessages.staleVersion({ what: L.meeting, version: meeting.version, sent: version }),
        f('version'),
      );
    // Quorum is judged again only when what it depends on changes (the kind, the day, who was present): a
    // committee whose posts were entered later, backdated, must not block fixing an old meeting's topic.
    const wasPresent = (
      await tx.find(MeetingAttendance, { where: { meetingId: meeting.id, status: AttendanceStatus.PRESENT } })
    )
      .map((a) => a.memberId)
      .sort((a, b) => a - b);
    const present = x.attendance
      .filter((a) => a.status === AttendanceStatus.PRESENT)
      .map((a) => a.memberId)
      .sort((a, b) => a - b);
    const quorum = x.kind !== meeting.kind || x.heldOn !== meeting.heldOn || present.join() !== wasPresent.join();
    const row = await this.check(tx, unit, x, act, quorum);
    await this.open(tx, unit.id, meeting.countsFor, meeting.heldOn, act, 'meetingId');
    await this.open(tx, unit.id, row.countsFor, row.heldOn, act, x.countsFor ? 'countsFor' : 'heldOn');
    await tx.update(OrgLifeMeeting, { id: meeting.id }, { ...row, version: meeting.version + 1 });
    await this.writeAttendance(tx, meeting.id, x.attendance);
    const from = row.countsFor < meeting.countsFor ? row.countsFor : meeting.countsFor;
    await this.figures.recount(tx, MODULE, [unit.id], from);
    return tx.findOneOrFail(OrgLifeMeeting, { where: { id: meeting.id } });
  }

  /** Cancels a record entered by mistake: kept, with its reason, counted nowhere. */
  async cancel(tx: EntityManager, meeting: OrgLifeMeeting, reason: string, act: Act): Promise<OrgLifeMeeting> {
    if (meeting.cancelledOn) refuse(ErrorCode.INVALID_STATE, M.cancelled(), f('meetingId'));
    await this.open(tx, meeting.unitId, meeting.countsFor, meeting.heldOn, act, 'meetingId');
    await tx.update(OrgLifeMeeting, { id: meeting.id }, { cancelledOn: act.today, cancelReason: reason.trim() });
    await this.figures.recount(tx, MODULE, [meeting.unitId], meeting.countsFor);
    return tx.findOneOrFail(OrgLifeMeeting, { where: { id: meeting.id } });
  }
}
