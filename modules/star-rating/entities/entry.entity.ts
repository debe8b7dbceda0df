import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar, type LocalDate, Node, ScopedNode } from '#module-kit';
import { EntryStatus } from '../enums';

@Entity('sr_entry')
@ObjectType('StarEntry', {
  implements: Node,
  description: '记分 — an entry of the score book (记分手册): what was done, on which day, for how many points',
})
export class StarEntry extends ScopedNode {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  get scopeUnitId(): number {
    return this.subjectUnitId;
  }

  @Column({ name: 'criterion_id', type: 'int' })
  criterionId: number;

  /** A member's id, or a unit's for branches and committees. */
  @Column({ name: 'subject_id', type: 'int' })
  subjectId: number;

  /** The member's branch, or the unit itself. */
  @Column({ name: 'subject_unit_id', type: 'int' })
  subjectUnitId: number;

  @Field(() => DateScalar, { description: '日期 — when it happened' })
  @Column({ name: 'occurred_on', type: 'date' })
  occurredOn: LocalDate;

  @Field(() => Int, { description: '数量 — quantity' })
  @Column({ type: 'int', default: 1 })
  quantity: number;

  @Field(() => Int, { description: '分数 — points (derived from the criterion)' })
  @Column({ type: 'int' })
  points: number;

  @Field(() => String, { nullable: true, description: '佐证 — evidence note' })
  @Column({ type: 'text', nullable: true })
  evidence: string | null;

  @Field(() => EntryStatus, { description: '状态 — recorded or confirmed' })
  @Column({ type: 'text' })
  status: EntryStatus;

  @Field(() => String, {
    nullable: true,
    description: '来源记录 — the id of the record it came from (a meeting, for attendance); null when recorded by hand',
  })
  @Column({ name: 'source_ref', type: 'text', nullable: true })
  sourceRef: string | null;

  @Column({ name: 'corrects_id', type: 'int', nullable: true })
  correctsId: number | null;

  @Column({ name: 'recorded_by', type: 'int', nullable: true })
  recordedBy: number | null;

  @Field({
    description:
      '记录时间 — when it was entered in the score book (the clock’s instant); an entry recorded long after `occurredOn` shows it here',
  })
  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @Column({ name: 'confirmed_by', type: 'int', nullable: true })
  confirmedBy: number | null;

  @Field(() => Date, { nullable: true, description: '确认时间 — when the level above confirmed it' })
  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;
}
