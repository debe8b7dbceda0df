import { ArrayMaxSize, IsOptional, Length } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import {
  AttachmentInput,
  ConnectionType,
  DateScalar,
  FigurePeriod,
  IdReach,
  type LocalDate,
  Member,
  OrgUnit,
  Reaches,
  UserError,
} from '#module-kit';
import { OrgLifeMeeting } from '../entities/meeting.entity';
import { AttendanceStatus, DueStatus, MeetingKind } from '../enums';

export const OrgLifeMeetingConnection = ConnectionType(OrgLifeMeeting, 'OrgLifeMeeting', '组织生活记录');

@InputType({ description: '出席登记 — how one member took part' })
export class AttendanceInput {
  @Field(() => ID, { description: '党员 — a member of the unit on the meeting day' })
  memberId: string;

  @Field(() => AttendanceStatus, { description: '出席情况 — present, excused or absent' })
  status: AttendanceStatus;

  @Field(() => String, { nullable: true, description: '请假理由 — required when excused, only then' })
  @IsOptional()
  @Length(1, 500)
  reason?: string | null;

  @Field(() => Boolean, { nullable: true, description: '网上参加 — took part online (present only)' })
  online?: boolean | null;
}

@InputType({ description: '会议内容 — what a meeting record says' })
export class MeetingFactsInput {
  @Field(() => MeetingKind, { description: '类别 — the kind of meeting' })
  kind: MeetingKind;

  @Field(() => DateScalar, { description: '召开日期 — the day it was held; not in the future' })
  heldOn: LocalDate;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      '补开期间 — for a make-up meeting, a day of the earlier period it counts for; the day held when omitted',
  })
  countsFor?: LocalDate | null;

  @Field({ description: '地点 — where it was held' })
  @Length(1, 200)
  place: string;

  @Field({ description: '主题 — the topic' })
  @Length(1, 500)
  topic: string;

  @Field(() => String, { nullable: true, description: '讲课人 — the lecturer (party lecture only, required there)' })
  @IsOptional()
  @Length(1, 100)
  lecturer?: string | null;

  @Field(() => ID, { nullable: true, description: '主持人 — the member who chaired' })
  chairedById?: string | null;

  @Field(() => ID, { nullable: true, description: '记录人 — the member who took the minutes' })
  minutesById?: string | null;

  @Field(() => Boolean, { nullable: true, description: '网上召开 — held online (网络党支部)' })
  online?: boolean | null;

  @Field(() => [AttachmentInput], { nullable: true, description: '附件 — the minutes and photos, by reference' })
  @IsOptional()
  @ArrayMaxSize(50)
  attachments?: AttachmentInput[] | null;

  @Field(() => [AttendanceInput], { description: '出席登记 — one line per member of the unit expected' })
  @ArrayMaxSize(500)
  attendance: AttendanceInput[];
}

@InputType({ description: '登记组织生活 — a meeting a branch or party group held' })
export class RecordMeetingInput extends MeetingFactsInput {
  @Field(() => ID, { description: '组织 — the branch, general branch or party group that held it' })
  unitId: string;

  @Field(() => ID, {
    nullable: true,
    description:
      '计划事项 — an organisational-life item of the weekly plan the branch answers (the station’s, above it) that this meeting did: marked done in the branch’s report of that week; refused where weekly reports are off',
  })
  @Reaches(IdReach.UNIT_ABOVE_WORK) // an item of the plan of the level above the branch, as a report's answer
  planItemId?: string | null;
}

@InputType({ description: '更正组织生活记录 — the record as it should read (attendance replaced)' })
export class CorrectMeetingInput extends MeetingFactsInput {
  @Field(() => ID, { description: '会议记录 — the record to correct' })
  meetingId: string;

  @Field(() => Int, { description: '版本 — the version read' })
  version: number;

  @Field(() => ID, {
    nullable: true,
    description:
      '计划事项 — the weekly-plan item this meeting did: omitted, the item it answered stays (its answer rewritten if the day or topic changed); null, the answer is withdrawn; an id, the answer moves to that item. Refused where the answer stands in a report already sent up',
  })
  @Reaches(IdReach.UNIT_ABOVE_WORK) // as recordMeeting's planItemId
  planItemId?: string | null;
}

@InputType({ description: '作废组织生活记录 — a record entered by mistake' })
export class CancelMeetingInput {
  @Field(() => ID, { description: '会议记录 — the record to cancel' })
  meetingId: string;

  @Field({ description: '理由 — why it is cancelled' })
  @Length(1, 500)
  reason: string;
}

@ObjectType({ description: '组织生活记录结果 — the record, or why not' })
export class MeetingPayload {
  @Field(() => OrgLifeMeeting, { nullable: true, description: '会议记录 — null when userErrors is not empty' })
  meeting?: OrgLifeMeeting | null;

  @Field(() => [UserError], { description: '用户错误 — problems with the input; when not empty, nothing was written' })
  userErrors: UserError[];
}

@ObjectType({ description: '应开情况 — one kind in one scheduled period under a unit' })
export class MeetingDuePeriod {
  @Field(() => MeetingKind, { description: '类别 — the kind' })
  kind: MeetingKind;

  @Field(() => DateScalar, { description: '期间起 — first day of the period' })
  periodStart: LocalDate;

  @Field(() => DateScalar, { description: '期间止 — last day of the period' })
  periodEnd: LocalDate;

  @Field(() => Int, { description: '应开 — units that owed it (placed under the unit on the last day)' })
  due: number;

  @Field(() => Int, { description: '按期召开 — units that held it within the period' })
  held: number;

  @Field(() => Int, { description: '补开 — units that held it only after the period (a make-up meeting)' })
  heldLate: number;

  @Field(() => Int, { description: '未开 — units that held nothing for it, once the period ended' })
  missing: number;

  @Field(() => Int, { description: '期间未满 — units yet to hold it in a period that has not ended' })
  notYetEnded: number;
}

@ObjectType({ description: '分类合计 — one kind over the range' })
export class MeetingKindCompliance {
  @Field(() => MeetingKind, { description: '类别 — the kind' })
  kind: MeetingKind;

  @Field(() => Int, { description: '应开 — periods owed (unit × period)' })
  due: number;

  @Field(() => Int, { description: '按期召开 — held within the period' })
  held: number;

  @Field(() => Int, { description: '补开 — held late' })
  heldLate: number;

  @Field(() => Int, { description: '未开 — missing' })
  missing: number;

  @Field(() => Float, {
    nullable: true,
    description: '按期召开率 — held ÷ (due − not yet ended); null when nothing ended',
  })
  heldRate: number | null;
}

@ObjectType({ description: '三会一课落实情况 — meetings due and held under a unit, per kind and period' })
export class MeetingCompliance {
  @Field(() => Int, { description: '应开 — periods owed (unit × kind × period)' })
  due: number;

  @Field(() => Int, { description: '按期召开 — held within the period' })
  held: number;

  @Field(() => Int, { description: '补开 — held late' })
  heldLate: number;

  @Field(() => Int, { description: '未开 — missing' })
  missing: number;

  @Field(() => Int, { description: '期间未满 — owed in periods not yet ended, not yet held' })
  notYetEnded: number;

  @Field(() => [MeetingKindCompliance], { description: '分类 — by kind' })
  byKind: MeetingKindCompliance[];

  @Field(() => [MeetingDuePeriod], { description: '分期 — by kind and period' })
  periods: MeetingDuePeriod[];

  @Field(() => [FigurePeriod], { description: '统计期 — each month: closed or open, reopened or not' })
  figurePeriods: FigurePeriod[];
}

@ObjectType({ description: '分类出席 — attendance at one kind of meeting' })
export class KindAttendance {
  @Field(() => MeetingKind, { description: '类别 — the kind' })
  kind: MeetingKind;

  @Field(() => Int, { description: '出席 — present' })
  present: number;

  @Field(() => Int, { description: '请假 — excused' })
  excused: number;

  @Field(() => Int, { description: '缺席 — absent' })
  absent: number;
}

@ObjectType({ description: '出席统计 — attendance: present ÷ (present + excused + absent)' })
export class AttendanceFigure {
  @Field(() => Int, { description: '出席 — present (online included)' })
  present: number;

  @Field(() => Int, { description: '网上出席 — present online' })
  online: number;

  @Field(() => Int, { description: '请假 — excused' })
  excused: number;

  @Field(() => Int, { description: '缺席 — absent without reason' })
  absent: number;

  @Field(() => Float, { nullable: true, description: '出席率 — present ÷ everyone listed; null when nobody was' })
  rate: number | null;

  @Field(() => [KindAttendance], { nullable: true, description: '分类 — by kind (units only)' })
  byKind?: KindAttendance[] | null;

  @Field(() => [FigurePeriod], { nullable: true, description: '统计期 — each month (units only)' })
  figurePeriods?: FigurePeriod[] | null;
}

@ObjectType({ description: '静默支部 — a branch with no organisational life for the policy’s days' })
export class SilentBranch {
  @Field(() => OrgUnit, { description: '支部 — the branch' })
  branch: OrgUnit;

  @Field(() => DateScalar, {
    nullable: true,
    description: '最近一次 — its last meeting (its party groups’ included); null if none recorded',
  })
  lastMeetingOn: LocalDate | null;

  @Field(() => Int, { description: '静默天数 — days since the last meeting (or since founding)' })
  days: number;
}

@ObjectType({
  description:
    '不参加组织生活 — a member absent without reason from every meeting since the last they took part in, for the policy’s months (Party Constitution art. 9); flagged for the branch, never decided here',
})
export class MemberNotTakingPart {
  @Field(() => Member, { description: '党员 — the member' })
  member: Member;

  @Field(() => DateScalar, {
    nullable: true,
    description: '最后参加 — the last meeting they attended or were excused from',
  })
  lastTookPartOn: LocalDate | null;

  @Field(() => DateScalar, { description: '起算日 — that day, or the day they joined the branch' })
  since: LocalDate;

  @Field(() => DateScalar, { description: '提示日 — flagged from this day (the day after the months end)' })
  flaggedFrom: LocalDate;

  @Field(() => Int, { description: '缺席次数 — meetings absent without reason since' })
  absences: number;

  @Field(() => DateScalar, { description: '最近缺席 — the last of them' })
  lastAbsentOn: LocalDate;
}

@ObjectType({ description: '本期应开 — one kind in one scheduled period of one unit' })
export class ScheduledMeeting {
  @Field(() => MeetingKind, { description: '类别 — the kind' })
  kind: MeetingKind;

  @Field(() => DateScalar, { description: '期间起 — first day' })
  periodStart: LocalDate;

  @Field(() => DateScalar, { description: '期间止 — last day' })
  periodEnd: LocalDate;

  @Field(() => DueStatus, { description: '情况 — held, held late, missing, or open' })
  status: DueStatus;

  @Field(() => Int, { description: '次数 — meetings counting for it' })
  meetings: number;
}
