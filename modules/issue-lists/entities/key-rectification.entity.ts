import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar, type LocalDate } from '#module-kit';

@Entity('il_key_rectification')
@ObjectType('KeyRectification', {
  description: '重点整改 — a unit marked for key rectification after inspections, until its findings are closed',
})
export class KeyRectification {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @Field(() => DateScalar, { description: '列入日期 — marked on' })
  @Column({ name: 'marked_on', type: 'date' })
  markedOn: LocalDate;

  @Column({ name: 'marked_by', type: 'int', nullable: true })
  markedBy: number | null;

  @Field({ description: '原因 — why' })
  @Column({ type: 'text' })
  reason: string;

  @Field(() => DateScalar, { nullable: true, description: '移出日期 — unmarked on; null while marked' })
  @Column({ name: 'unmarked_on', type: 'date', nullable: true })
  unmarkedOn: LocalDate | null;

  @Column({ name: 'unmarked_by', type: 'int', nullable: true })
  unmarkedBy: number | null;
}
