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
      "类别 — FINANCE, MATERIALS, COLLECTIVE_LAND, SUBSIDIES, GOVERNMENT_WORK, CADRE_PAY, MAJOR_DECISIONS, or a locality's own (see disclosureCategories)",
  })
  @Column({ type: 'text' })
  category: string;

  @Field(() => DateScalar, { description: '期间起 — period start' })
  @Column({ name: 'period_start', type: 'date' })
  periodStart: LocalDate;

  @Field(() => DateScalar, { description: '期间止 — period end' })
  @Column({ name: 'period_end', type: 'date' })
  periodEnd: LocalDate;

  @Field(() => DateScalar, { description: '公开日期 — published on, as declared' })
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

  @Field(() => Date, {
    nullable: true,
    description:
      '录入时间 — when it was entered into the register (the clock’s instant); null if entered before this was kept',
  })
  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true })
  recordedAt: Date | null;

  /** The business day of `recordedAt`. */
  @Column({ name: 'recorded_on', type: 'date', nullable: true })
  recordedOn: LocalDate | null;
}
