import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar, type LocalDate, Node, ScopedNode } from '#module-kit';
import { AwayKind, AwayReason } from '../enums';

/** Phone, WeChat and QQ are personal data: the resolver masks them like a member's phone. */
@Entity('mm_record')
@ObjectType('MobileRecord', {
  implements: Node,
  description: '流动党员外出记录 — a member away from home: where, how, and how to reach them',
})
export class MobileRecord extends ScopedNode {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  /** Access: the home branch, and the mobile branch hosting the member. */
  get scopeUnitId(): number {
    return this.homeUnitId;
  }

  get alsoScopedTo(): number[] {
    return this.receivingUnitId ? [this.receivingUnitId] : [];
  }

  @Column({ name: 'member_id', type: 'int' })
  memberId: number;

  @Column({ name: 'home_unit_id', type: 'int' })
  homeUnitId: number;

  @Field(() => DateScalar, { description: '外出日期 — left on' })
  @Column({ name: 'left_on', type: 'date' })
  leftOn: LocalDate;

  @Field({ description: '去向省份 — destination province' })
  @Column({ type: 'text' })
  province: string;

  @Field(() => String, { nullable: true, description: '去向城市 — destination city' })
  @Column({ type: 'text', nullable: true })
  city: string | null;

  @Field(() => String, { nullable: true, description: '去向区县 — destination district' })
  @Column({ type: 'text', nullable: true })
  district: string | null;

  @Field(() => String, {
    nullable: true,
    description: '行政区划代码 — six-digit administrative code of the destination',
  })
  @Column({ name: 'area_code', type: 'text', nullable: true })
  areaCode: string | null;

  @Field(() => AwayKind, { description: '外出方式 — relationship transferred, certificate letter or activity card' })
  @Column({ type: 'text' })
  kind: AwayKind;

  @Field(() => String, { nullable: true, description: '活动证号 — the activity card number (activity card only)' })
  @Column({ name: 'card_number', type: 'text', nullable: true })
  cardNumber: string | null;

  @Field(() => AwayReason, { description: '外出原因 — reason' })
  @Column({ type: 'text' })
  reason: AwayReason;

  @Column({ name: 'receiving_unit_id', type: 'int', nullable: true })
  receivingUnitId: number | null;

  @Field(() => String, { nullable: true, description: '接收组织 — a receiving organisation outside this tree' })
  @Column({ name: 'receiving_org_name', type: 'text', nullable: true })
  receivingOrgName: string | null;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ type: 'text', nullable: true })
  wechat: string | null;

  @Column({ type: 'text', nullable: true })
  qq: string | null;

  @Field(() => DateScalar, { nullable: true, description: '预计返回 — expected return' })
  @Column({ name: 'expected_return', type: 'date', nullable: true })
  expectedReturn: LocalDate | null;

  @Field(() => DateScalar, { nullable: true, description: '返回日期 — returned on; null while away' })
  @Column({ name: 'returned_on', type: 'date', nullable: true })
  returnedOn: LocalDate | null;

  @Field(() => Int, { description: '版本 — increases with every change' })
  @Column({ type: 'int', default: 1 })
  version: number;
}
