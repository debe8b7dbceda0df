import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar, type LocalDate, Node, ScopedNode } from '#module-kit';
import { DuesChannel } from '../enums';

/** One payment of a member's dues for one month, recorded by the branch. */
@Entity('pd_payment')
@ObjectType('DuesPayment', {
  implements: Node,
  description: '党费交纳记录 — one payment of a member’s dues for one month, recorded by the branch',
})
export class DuesPayment extends ScopedNode {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'member_id', type: 'int' })
  memberId: number;

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  get scopeUnitId(): number {
    return this.unitId;
  }

  @Field(() => DateScalar, { description: '所属月份 — the month it pays for (first day)' })
  @Column({ type: 'date' })
  month: LocalDate;

  @Field(() => Int, { description: '金额（分） — the amount in fen' })
  @Column({ name: 'amount_fen', type: 'int' })
  amountFen: number;

  @Field(() => DateScalar, { description: '交纳日期 — the day it was paid' })
  @Column({ name: 'paid_on', type: 'date' })
  paidOn: LocalDate;

  @Field(() => DuesChannel, { description: '交纳方式 — how it was paid' })
  @Column({ type: 'text' })
  channel: DuesChannel;

  @Field(() => String, { nullable: true, description: '备注 — a note' })
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Field(() => Int, { description: '版本 — raised by every correction; send it back to correct' })
  @Column({ type: 'int', default: 1 })
  version: number;

  @Field(() => Date, { description: '登记时间 — when it was recorded' })
  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @Column({ name: 'recorded_by', type: 'int', nullable: true })
  recordedBy: number | null;

  @Field(() => Date, { nullable: true, description: '更正时间 — when it was last corrected' })
  @Column({ name: 'corrected_at', type: 'timestamptz', nullable: true })
  correctedAt: Date | null;

  @Field(() => String, { nullable: true, description: '更正理由 — why it was last corrected' })
  @Column({ name: 'correction_reason', type: 'text', nullable: true })
  correctionReason: string | null;
}
