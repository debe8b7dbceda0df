import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar, type LocalDate } from '../../graphql/scalars';
import { describeEnum } from '../../graphql/enum';

export enum MembershipChange {
  JOINED = 'JOINED',
  TRANSFERRED_IN = 'TRANSFERRED_IN',
  IMPORTED = 'IMPORTED',
  GROUP_CHANGED = 'GROUP_CHANGED',
}
describeEnum(MembershipChange, 'MembershipChange', '组织关系变动 — how a membership period began', {
  JOINED: '入党 — joined the party in this branch, or first recorded here',
  TRANSFERRED_IN: '转入 — transferred in from another branch',
  IMPORTED: '导入 — loaded from an import file',
  GROUP_CHANGED: '调整党小组 — moved to another party group in the same branch',
});

/** One period of a member in one branch (and party group); transfers close one and open the next. */
@Entity('membership_period')
@ObjectType('MembershipPeriod', { description: '组织关系记录 — a period during which a member belonged to a branch' })
export class MembershipPeriod {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'member_id', type: 'int' })
  memberId: number;

  @Column({ name: 'branch_id', type: 'int' })
  branchId: number;

  @Column({ name: 'party_group_id', type: 'int', nullable: true })
  partyGroupId: number | null;

  @Field(() => DateScalar, { description: '起始日期 — first day in this branch' })
  @Column({ name: 'valid_from', type: 'date' })
  validFrom: LocalDate;

  @Field(() => DateScalar, {
    nullable: true,
    description: '截止日期 — first day no longer in it; null for the current period',
  })
  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo: LocalDate | null;

  @Field(() => MembershipChange, { description: '变动类型 — how the period began' })
  @Column({ type: 'text' })
  change: MembershipChange;

  @Field(() => String, { nullable: true, description: '备注 — note' })
  @Column({ type: 'text', nullable: true })
  note: string | null;
}
