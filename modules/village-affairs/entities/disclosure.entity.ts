import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { toGlobalId } from '../../../src/graphql/global-id';
import { Node } from '../../../src/graphql/node';
import { DateScalar, type LocalDate } from '../../../src/graphql/scalars';
import { PowerProcedure } from '../enums';

@Entity('va_disclosure')
@ObjectType('VillageDisclosure', { implements: Node, description: '村务公开 — one disclosure of village affairs for a period' })
export class VillageDisclosure implements Node {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  get nodeId(): string {
    return toGlobalId('VillageDisclosure', this.id);
  }

  get scopeUnitId(): number {
    return this.unitId;
  }

  get visibleToMembers(): boolean {
    return true;
  }

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @Field({ description: '类别 — FINANCE, MATERIALS, COLLECTIVE_LAND, FAMILY_PLANNING, FEES, ELECTRICITY, CADRE_PAY, MAJOR_DECISIONS, or a locality\'s own' })
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

  @Field(() => [String], { description: '公开渠道 — board, WeChat, SMS, QR code, meeting' })
  @Column({ type: 'text', array: true })
  channels: string[];

  @Field({ description: '内容摘要 — summary' })
  @Column({ type: 'text' })
  summary: string;
}

@Entity('va_feedback')
@ObjectType('VillageFeedback', { implements: Node, description: '意见登记 — a villager\'s feedback on a disclosure or a matter, and its reply (事事有交待，件件有回音)' })
export class VillageFeedback implements Node {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  get nodeId(): string {
    return toGlobalId('VillageFeedback', this.id);
  }

  get scopeUnitId(): number {
    return this.unitId;
  }

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @Column({ name: 'matter_id', type: 'int', nullable: true })
  matterId: number | null;

  @Column({ name: 'disclosure_id', type: 'int', nullable: true })
  disclosureId: number | null;

  @Field(() => String, { nullable: true, description: '反映人 — the villager\'s name (optional)' })
  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Field(() => DateScalar, { description: '收到日期 — received on' })
  @Column({ name: 'received_on', type: 'date' })
  receivedOn: LocalDate;

  @Field({ description: '渠道 — how it came (in person, phone, WeChat, suggestion box …)' })
  @Column({ type: 'text' })
  channel: string;

  @Field({ description: '内容 — what was said' })
  @Column({ type: 'text' })
  content: string;

  @Field(() => String, { nullable: true, description: '答复 — the reply' })
  @Column({ type: 'text', nullable: true })
  reply: string | null;

  @Field(() => DateScalar, { nullable: true, description: '答复日期 — replied on' })
  @Column({ name: 'replied_on', type: 'date', nullable: true })
  repliedOn: LocalDate | null;

  @Column({ name: 'replied_by', type: 'int', nullable: true })
  repliedBy: number | null;

  @Column({ name: 'issue_ref', type: 'text', nullable: true })
  issueRef: string | null;
}

@Entity('va_power_item')
@ObjectType('PowerListItem', { description: '村级权力清单事项 — one item of the village power list, with the procedure it follows' })
export class PowerListItem {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @Field({ description: '类别 — category (e.g. 重大事项决策类)' })
  @Column({ type: 'text' })
  category: string;

  @Field({ description: '编号 — code' })
  @Column({ type: 'text' })
  code: string;

  @Field({ description: '事项 — the power' })
  @Column({ type: 'text' })
  title: string;

  @Field(() => PowerProcedure, { description: '运行程序 — the procedure it follows' })
  @Column({ type: 'text' })
  procedure: PowerProcedure;

  @Column({ type: 'int' })
  position: number;
}
