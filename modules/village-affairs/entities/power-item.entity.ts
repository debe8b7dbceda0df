import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { PowerCategory, PowerProcedure } from '../enums';

@Entity('va_power_item')
@ObjectType('PowerListItem', {
  description: '村级权力清单事项 — one item of the village power list, with the procedure it follows',
})
export class PowerListItem {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @Field(() => PowerCategory, { description: '类别 — one of the five categories' })
  @Column({ type: 'text' })
  category: PowerCategory;

  @Field({ description: '编号 — code' })
  @Column({ type: 'text' })
  code: string;

  @Field({ description: '事项 — the power' })
  @Column({ type: 'text' })
  title: string;

  @Field(() => PowerProcedure, { description: '运行程序 — the procedure it follows' })
  @Column({ type: 'text' })
  procedure: PowerProcedure;

  @Field(() => String, { nullable: true, description: '运行流程 — the flow chart in words (for routine items)' })
  @Column({ type: 'text', nullable: true })
  flow: string | null;

  @Column({ type: 'int' })
  position: number;
}
