import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar, type LocalDate, Node, ScopedNode } from '#module-kit';
import { PlanStatus } from '../enums';

@Entity('wr_work_plan')
@ObjectType('WorkPlan', {
  implements: Node,
  description: "周工作安排表 — a township's or work station's plan for one week, issued on Monday (两下)",
})
export class WorkPlan extends ScopedNode {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  /** Access: seen by whoever may read the issuing unit. */
  get scopeUnitId(): number {
    return this.unitId;
  }

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @Field(() => DateScalar, { description: '周 — the week, named by its Monday' })
  @Column({ type: 'date' })
  week: LocalDate;

  @Field(() => PlanStatus, { description: '状态 — draft or issued' })
  @Column({ type: 'text' })
  status: PlanStatus;

  @Field(() => Date, { nullable: true, description: '下发时间 — when it was issued' })
  @Column({ name: 'issued_at', type: 'timestamptz', nullable: true })
  issuedAt: Date | null;

  @Column({ name: 'created_by', type: 'int', nullable: true })
  createdBy: number | null;

  @Field({ description: '创建时间 — when the draft was started' })
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Field(() => Int, { description: '版本 — increases with every change' })
  @Column({ type: 'int', default: 1 })
  version: number;
}
