import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { type Attachment, DateScalar, type LocalDate, Node, ScopedNode } from '#module-kit';
import { IssueCategory, IssueSource, IssueStatus } from '../enums';

@Entity('il_issue')
@ObjectType('Issue', {
  implements: Node,
  description:
    '问题 — a problem listed for solving (问题清单), with who is responsible (责任清单) and its closure (销号清单)',
})
export class Issue extends ScopedNode {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  /** Access: readers of the raising, handling or responsible unit see it. */
  get scopeUnitId(): number {
    return this.handlingUnitId;
  }

  get alsoScopedTo(): number[] {
    return [this.raisedUnitId, ...(this.responsibleUnitId ? [this.responsibleUnitId] : [])];
  }

  @Field({ description: '标题 — short title' })
  @Column({ type: 'text' })
  title: string;

  @Field(() => String, { nullable: true, description: '描述 — description' })
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Field(() => IssueCategory, { description: '类别 — category' })
  @Column({ type: 'text' })
  category: IssueCategory;

  @Field(() => IssueSource, { description: '来源 — source' })
  @Column({ type: 'text' })
  source: IssueSource;

  /** Global id of what it came from (a weekly report); opaque to this module. */
  @Column({ name: 'source_ref', type: 'text', nullable: true })
  sourceRef: string | null;

  @Column({ name: 'raised_unit_id', type: 'int' })
  raisedUnitId: number;

  @Column({ name: 'raised_by', type: 'int', nullable: true })
  raisedBy: number | null;

  @Field(() => DateScalar, { description: '登记日期 — raised on' })
  @Column({ name: 'raised_on', type: 'date' })
  raisedOn: LocalDate;

  @Column({ name: 'handling_unit_id', type: 'int' })
  handlingUnitId: number;

  @Column({ name: 'responsible_unit_id', type: 'int', nullable: true })
  responsibleUnitId: number | null;

  @Field(() => String, { nullable: true, description: '责任人 — the person responsible' })
  @Column({ name: 'responsible_person', type: 'text', nullable: true })
  responsiblePerson: string | null;

  @Field(() => DateScalar, { nullable: true, description: '办结时限 — deadline' })
  @Column({ type: 'date', nullable: true })
  deadline: LocalDate | null;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  attachments: Attachment[];

  @Field(() => IssueStatus, { description: '状态 — status' })
  @Column({ type: 'text' })
  status: IssueStatus;

  @Field(() => Date, { nullable: true, description: '办结时间 — when it was reported solved' })
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ name: 'resolved_unit_id', type: 'int', nullable: true })
  resolvedUnitId: number | null;

  @Field(() => Date, { nullable: true, description: '销号时间 — when it was crossed off' })
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'closed_by', type: 'int', nullable: true })
  closedBy: number | null;

  @Column({ name: 'inspection_id', type: 'int', nullable: true })
  inspectionId: number | null;

  @Field({ description: '创建时间 — when the record was created' })
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Field(() => Int, { description: '版本 — increases with every change' })
  @Column({ type: 'int', default: 1 })
  version: number;
}
