import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar, type LocalDate } from '../../graphql/scalars';
import { toGlobalId } from '../../graphql/global-id';
import { Node } from '../../graphql/node';
import { DepartureReason, Education, Gender, MemberCategory, MemberStatus } from '../enums';

/** ID card number and phone are not plain fields: the resolver masks them per viewer. */
@Entity('member')
@ObjectType('Member', { implements: Node, description: '党员 — a party member; belongs to exactly one branch' })
export class Member implements Node {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  get nodeId(): string {
    return toGlobalId('Member', this.id);
  }

  @Field({ description: '姓名 — name' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => Gender, { description: '性别 — gender' })
  @Column({ type: 'text' })
  gender: Gender;

  @Field({ description: '民族 — ethnicity, e.g. 汉族, 壮族' })
  @Column({ type: 'text' })
  ethnicity: string;

  /** Shown by MemberResolver: the date only to viewers who see personal data in full, the year to all. */
  @Column({ name: 'birth_date', type: 'date' })
  birthDate: LocalDate;

  @Column({ name: 'id_card_number', type: 'text', nullable: true })
  idCardNumber: string | null;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Field(() => Education, { nullable: true, description: '学历 — education' })
  @Column({ type: 'text', nullable: true })
  education: Education | null;

  @Field(() => MemberCategory, { description: '党员类别 — category' })
  @Column({ type: 'text' })
  category: MemberCategory;

  @Field(() => DateScalar, { description: '入党日期 — joined the party on (admitted as probationary member)' })
  @Column({ name: 'joined_on', type: 'date' })
  joinedOn: LocalDate;

  @Field(() => DateScalar, {
    nullable: true,
    description: '转正日期 — full member since; party standing (党龄) counts from here',
  })
  @Column({ name: 'full_member_since', type: 'date', nullable: true })
  fullMemberSince: LocalDate | null;

  @Field(() => MemberStatus, { description: '党员状态 — probationary, full, or departed' })
  @Column({ type: 'text' })
  status: MemberStatus;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      '停止党籍日期 — membership suspended (停止党籍) since this day, the day the decision was approved; null unless suspended now. A suspended member stays FULL in status and has no party rights: figures count them apart',
  })
  @Column({ name: 'suspended_since', type: 'date', nullable: true })
  suspendedSince: LocalDate | null;

  @Field(() => String, {
    nullable: true,
    description:
      '停止党籍决定 — the decision that suspended the membership (who approved it, when, and its record); null unless suspended now',
  })
  @Column({ name: 'suspension_decision', type: 'text', nullable: true })
  suspensionDecision: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: '延长预备期决定日期 — the day the branch decided to extend the probation; null unless extended',
  })
  @Column({ name: 'probation_extended_on', type: 'date', nullable: true })
  probationExtendedOn: LocalDate | null;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      '延长预备期至 — the extended probation ends on this day (at most a year after the first); null unless extended',
  })
  @Column({ name: 'probation_extended_to', type: 'date', nullable: true })
  probationExtendedTo: LocalDate | null;

  @Field(() => DepartureReason, { nullable: true, description: '减少原因 — why the member left; null unless departed' })
  @Column({ name: 'departure_reason', type: 'text', nullable: true })
  departureReason: DepartureReason | null;

  @Field(() => DateScalar, { nullable: true, description: '离开日期 — departed on; null unless departed' })
  @Column({ name: 'departed_on', type: 'date', nullable: true })
  departedOn: LocalDate | null;

  @Column({ name: 'branch_id', type: 'int' })
  branchId: number;

  @Column({ name: 'party_group_id', type: 'int', nullable: true })
  partyGroupId: number | null;

  @Field(() => String, { nullable: true, description: '职业 — occupation' })
  @Column({ type: 'text', nullable: true })
  occupation: string | null;

  @Field({ description: '志愿者 — registered as a volunteer' })
  @Column({ type: 'boolean', default: false })
  volunteer: boolean;

  @Field({ description: '创建时间 — when the record was created' })
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Field({ description: '更新时间 — when the record last changed' })
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  @Field(() => Int, { description: '版本 — increases with every change; send it back to detect concurrent edits' })
  @Column({ type: 'int', default: 1 })
  version: number;
}
