import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { AttendanceStatus } from '../enums';

/** How one member took part in one meeting; reached only from its meeting. */
@Entity('ol_attendance')
@ObjectType('MeetingAttendance', { description: '出席登记 — how one member took part in one meeting' })
export class MeetingAttendance {
  @PrimaryColumn({ name: 'meeting_id', type: 'int' })
  meetingId: number;

  @PrimaryColumn({ name: 'member_id', type: 'int' })
  memberId: number;

  @Field(() => AttendanceStatus, { description: '出席情况 — present, excused or absent' })
  @Column({ type: 'text' })
  status: AttendanceStatus;

  @Field(() => String, { nullable: true, description: '请假理由 — the reason of an excused absence' })
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Field({ description: '网上参加 — took part online (a member away, 网络党支部)' })
  @Column({ type: 'boolean', default: false })
  online: boolean;
}
