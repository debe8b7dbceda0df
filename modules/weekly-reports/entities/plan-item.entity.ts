import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { PartOf, toGlobalId } from '#module-kit';
import { ItemCategory } from '../enums';
import { WorkPlan } from './work-plan.entity';

@Entity('wr_plan_item')
@PartOf(() => WorkPlan, (item: PlanItem) => item.planId) // an id of an item is checked against its plan
@ObjectType('WorkPlanItem', { description: '工作事项 — one task of a weekly plan, for some or all of the units below' })
export class PlanItem {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Field({ name: 'id', description: '全局标识 — opaque id of the item (answers name it)' })
  get itemId(): string {
    return toGlobalId('WorkPlanItem', this.id);
  }

  @Column({ name: 'plan_id', type: 'int' })
  planId: number;

  @Field(() => Int, { description: '序号 — position in the plan, from 1' })
  @Column({ type: 'int' })
  position: number;

  @Field({ description: '事项 — what is to be done' })
  @Column({ type: 'text' })
  title: string;

  @Field(() => String, { nullable: true, description: '要求 — details' })
  @Column({ type: 'text', nullable: true })
  details: string | null;

  @Field(() => ItemCategory, { description: '类别 — category' })
  @Column({ type: 'text' })
  category: ItemCategory;

  /** Null: every unit below the issuer. */
  @Column({ name: 'target_unit_ids', type: 'int', array: true, nullable: true })
  targetUnitIds: number[] | null;

  @Column({ name: 'copied_from_id', type: 'int', nullable: true })
  copiedFromId: number | null;

  targets(unitId: number): boolean {
    return this.targetUnitIds === null || this.targetUnitIds.includes(unitId);
  }
}
