import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { type Attachment, DateScalar, type LocalDate, Node, ScopedNode } from '#module-kit';
import { DisclosureChannel } from '../enums';

@Entity('va_disclosure')
@ObjectType('VillageDisclosure', {
  implements: Node,
  description: '村务公开 — one disclosure of village affairs for a period',
})
export class VillageDisclosure extends ScopedNode {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  get scopeUnitId(): number {
    return this.unitId;
  }

  get visibleToMembers(): boolean {
    return true;
  }

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @Field({
    description:
      "类别 — FINANCE, MATERIALS, COLLECTIVE_LAND, FAMILY_PLANNING, FEES, ELECTRICITY, CADRE_PAY, MAJOR_DECISIONS, or a locality's own",
  })
  @Column({ type: 'text' })
  category: string;

  @Field(() => DateScalar, { description: '期间起 — period start' })
  @Column({ name: 'period_start', type: 'date' })
  periodStart: LocalDate;

  @Field(() => DateScalar, { description: '期间止 — period end' })
  @Column({ name: 'period_end', type: 'date' })
  periodEnd: LocalDate;

  @Field(() => DateScalar, { description: '公开日期 — published on' })
  @Column({ name: 'published_on', type: 'date' })
  publishedOn: LocalDate;

  @Field(() => [DisclosureChannel], { description: '公开渠道 — where it was published' })
  @Column({ type: 'text', array: true })
  channels: DisclosureChannel[];

  @Field({ description: '内容摘要 — summary' })
  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  attachments: Attachment[];

  @Column({ name: 'recorded_by', type: 'int', nullable: true })
  recordedBy: number | null;
}
