import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Outcome } from '../enums';

@Entity('wr_report_answer')
@ObjectType('ReportAnswer', { description: '事项完成情况 — the answer of a report to one plan item' })
export class ReportAnswer {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'report_id', type: 'int' })
  reportId: number;

  @Column({ name: 'item_id', type: 'int' })
  itemId: number;

  @Field(() => Outcome, { description: '完成情况 — done, partly done or not done' })
  @Column({ type: 'text' })
  outcome: Outcome;

  @Field(() => String, { nullable: true, description: '说明 — note' })
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      '完成依据 — global id of the record that marked the item done (a meeting of organisational life); null when the unit answered it',
  })
  @Column({ name: 'source_ref', type: 'text', nullable: true })
  sourceRef: string | null;
}
