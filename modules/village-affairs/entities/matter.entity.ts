import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { toGlobalId } from '../../../src/graphql/global-id';
import { Node } from '../../../src/graphql/node';
import { DateScalar, type LocalDate } from '../../../src/graphql/scalars';
import { MatterCategory, MatterStatus, MatterStep, MeetingKind, StepOutcome } from '../enums';

@Entity('va_matter')
@ObjectType('VillageMatter', { implements: Node, description: '村级重大事项 — a major village matter decided by 四议两公开: "会议说了算", not a few people' })
export class VillageMatter implements Node {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  get nodeId(): string {
    return toGlobalId('VillageMatter', this.id);
  }

  /** Access: the village's readers; its members see it too (the procedure is public). */
  get scopeUnitId(): number {
    return this.unitId;
  }

  get visibleToMembers(): boolean {
    return true;
  }

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @Field({ description: '事项 — title' })
  @Column({ type: 'text' })
  title: string;

  @Field(() => MatterCategory, { description: '类别 — category' })
  @Column({ type: 'text' })
  category: MatterCategory;

  /** Money in fen, never floating point (RULES.md). */
  @Column({ name: 'amount_fen', type: 'bigint', nullable: true, transformer: { to: (v) => v, from: (v) => (v === null ? null : Number(v)) } })
  amountFen: number | null;

  @Field(() => String, { nullable: true, description: '说明 — description' })
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Field(() => MatterStatus, { description: '状态 — in progress, rejected or completed' })
  @Column({ type: 'text' })
  status: MatterStatus;

  @Field(() => MatterStep, { nullable: true, description: '下一步 — the step that must come next; null when the matter has ended' })
  @Column({ name: 'next_step', type: 'text', nullable: true })
  nextStep: MatterStep | null;

  @Field(() => MatterStep, { nullable: true, description: '否决于 — the step at which it was rejected' })
  @Column({ name: 'rejected_at_step', type: 'text', nullable: true })
  rejectedAtStep: MatterStep | null;

  @Column({ name: 'reproposal_of_id', type: 'int', nullable: true })
  reproposalOfId: number | null;

  @Field(() => Int, { description: '版本 — increases with every change' })
  @Column({ type: 'int', default: 1 })
  version: number;
}

@Entity('va_step')
@ObjectType('VillageMatterStep', { description: '议事记录 — one step of a matter: when, who, the count, the result' })
export class MatterStepRecord {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'matter_id', type: 'int' })
  matterId: number;

  @Field(() => MatterStep, { description: '步骤 — the step' })
  @Column({ type: 'text' })
  step: MatterStep;

  @Field(() => DateScalar, { description: '日期 — held on' })
  @Column({ name: 'held_on', type: 'date' })
  heldOn: LocalDate;

  @Field(() => StepOutcome, { description: '结果 — passed, failed, or an execution progress note' })
  @Column({ type: 'text' })
  outcome: StepOutcome;

  @Field(() => MeetingKind, { nullable: true, description: '会议 — which meeting resolved (resolution step)' })
  @Column({ name: 'meeting_kind', type: 'text', nullable: true })
  meetingKind: MeetingKind | null;

  @Field(() => Int, { nullable: true, description: '到会 — present' })
  @Column({ type: 'int', nullable: true })
  present: number | null;

  @Field(() => Int, { nullable: true, description: '应到 — entitled to attend (full members; or villagers / representatives)' })
  @Column({ type: 'int', nullable: true })
  eligible: number | null;

  @Field(() => Int, { nullable: true, description: '赞成 — for' })
  @Column({ name: 'votes_for', type: 'int', nullable: true })
  votesFor: number | null;

  @Field(() => Int, { nullable: true, description: '反对 — against' })
  @Column({ name: 'votes_against', type: 'int', nullable: true })
  votesAgainst: number | null;

  @Field(() => Int, { nullable: true, description: '弃权 — abstain' })
  @Column({ name: 'votes_abstain', type: 'int', nullable: true })
  votesAbstain: number | null;

  @Field(() => [String], { nullable: true, description: '公开渠道 — disclosure channels (board, WeChat, SMS, QR code, meeting)' })
  @Column({ type: 'text', array: true, nullable: true })
  channels: string[] | null;

  @Field(() => String, { nullable: true, description: '公开地点 — where it was disclosed' })
  @Column({ type: 'text', nullable: true })
  place: string | null;

  @Field(() => String, { nullable: true, description: '记录 — notes' })
  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Field(() => [String], { description: '列席人员 — work-station staff and others attending (列席)' })
  @Column({ type: 'text', array: true, default: '{}' })
  attendees: string[];

  @Column({ name: 'recorded_by', type: 'int', nullable: true })
  recordedBy: number | null;
}

@Entity('va_finding')
@ObjectType('SupervisionFinding', { description: '监督意见 — a finding of the village affairs supervision committee (村务监督委员会) on a step' })
export class SupervisionFinding {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'matter_id', type: 'int' })
  matterId: number;

  @Field(() => MatterStep, { description: '步骤 — the step it concerns' })
  @Column({ type: 'text' })
  step: MatterStep;

  @Field({ description: '意见 — the finding' })
  @Column({ type: 'text' })
  text: string;

  @Field(() => DateScalar, { description: '日期 — recorded on' })
  @Column({ name: 'recorded_on', type: 'date' })
  recordedOn: LocalDate;

  @Column({ name: 'recorded_by', type: 'int', nullable: true })
  recordedBy: number | null;
}
