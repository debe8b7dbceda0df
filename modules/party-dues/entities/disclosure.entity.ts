import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { type Attachment, AttachmentRef, DateScalar, type LocalDate, Node, ScopedNode } from '#module-kit';

/** The branch's public account of dues collected over some months (党费收缴公开), with the figures as published. */
@Entity('pd_disclosure')
@ObjectType('DuesDisclosure', {
  implements: Node,
  description:
    '党费收缴公开 — the branch’s public account of dues collected over some months, with the figures as published',
})
export class DuesDisclosure extends ScopedNode {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  get scopeUnitId(): number {
    return this.unitId;
  }

  /** Posted for the branch's members (党费收缴公开): a member reads it like a village disclosure. */
  get visibleToMembers(): boolean {
    return true;
  }

  @Field(() => DateScalar, { description: '起始月份 — the first month disclosed' })
  @Column({ name: 'from_month', type: 'date' })
  fromMonth: LocalDate;

  @Field(() => DateScalar, { description: '截止月份 — the last month disclosed' })
  @Column({ name: 'to_month', type: 'date' })
  toMonth: LocalDate;

  @Field(() => DateScalar, { description: '公开日期 — the day it was posted' })
  @Column({ name: 'published_on', type: 'date' })
  publishedOn: LocalDate;

  @Field(() => String, {
    description: '应交（分） — dues owed in those months when published, fen as an integer string',
  })
  @Column({ name: 'due_fen', type: 'bigint' })
  dueFen: string;

  @Field(() => String, {
    description: '实交（分） — dues paid for those months when published, fen as an integer string',
  })
  @Column({ name: 'paid_fen', type: 'bigint' })
  paidFen: string;

  @Field(() => Int, { description: '欠交人数 — members who owed something for those months when published' })
  @Column({ name: 'members_owing', type: 'int' })
  membersOwing: number;

  @Field(() => String, { nullable: true, description: '说明 — a note' })
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Field(() => [AttachmentRef], { description: '附件 — the posted notice and photos, by reference' })
  @Column({ type: 'jsonb', default: () => `'[]'` })
  attachments: Attachment[];

  @Field(() => Date, { description: '登记时间 — when it was recorded' })
  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;

  @Column({ name: 'published_by', type: 'int', nullable: true })
  publishedBy: number | null;
}
