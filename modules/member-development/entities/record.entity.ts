import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import {
  type Attachment,
  AttachmentRef,
  DateScalar,
  Education,
  Gender,
  type LocalDate,
  MemberCategory,
  Node,
  ScopedNode,
} from '#module-kit';
import { DevelopmentStage } from '../enums';

/** One person's way from application to membership in a branch (全程纪实). */
@Entity('md_record')
@ObjectType('DevelopmentRecord', {
  implements: Node,
  description: '发展党员纪实 — one person’s way from the application to party membership, kept by the branch',
})
export class DevelopmentRecord extends ScopedNode {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  /** Access: readers of the branch (and the committees above). */
  get scopeUnitId(): number {
    return this.unitId;
  }

  @Field({ description: '姓名 — name' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => Gender, { description: '性别 — sex' })
  @Column({ type: 'text' })
  gender: Gender;

  @Field(() => String, { nullable: true, description: '民族 — ethnicity; the register assumes 汉族 when omitted' })
  @Column({ type: 'text', nullable: true })
  ethnicity: string | null;

  // Shown through the resolver: the full date only to those who see personal data, as Member.birthDate.
  @Column({ name: 'birth_date', type: 'date' })
  birthDate: LocalDate;

  @Field(() => Education, { nullable: true, description: '学历 — education' })
  @Column({ type: 'text', nullable: true })
  education: Education | null;

  @Field(() => MemberCategory, { description: '类别 — the category the member will have in the register' })
  @Column({ type: 'text' })
  category: MemberCategory;

  @Field(() => DateScalar, { description: '申请日期 — the day the written application was received' })
  @Column({ name: 'applied_on', type: 'date' })
  appliedOn: LocalDate;

  @Field(() => [AttachmentRef], { description: '入党申请书 — the application, by reference' })
  @Column({ type: 'jsonb', default: () => `'[]'` })
  evidence: Attachment[];

  /** The stage recorded here; FULL_MEMBER is read from the register (the `stage` field). */
  @Column({ type: 'text' })
  stage: DevelopmentStage;

  @Field(() => DateScalar, { description: '进入本阶段日期 — the day the recorded stage began' })
  @Column({ name: 'stage_since', type: 'date' })
  stageSince: LocalDate;

  @Field(() => [String], { description: '培养联系人 — the two contacts assigned to an activist' })
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  contacts: string[];

  /** The register entry made on approval; its status says when probation ended (转正). */
  @Column({ name: 'member_id', type: 'int', nullable: true })
  memberId: number | null;

  @Field(() => Date, { description: '登记时间 — when the application was entered' })
  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @Column({ name: 'recorded_by', type: 'int', nullable: true })
  recordedBy: number | null;
}
