import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar, type LocalDate } from '#module-kit';
import { DisclosureChannel, MatterStep, MeetingKind, StepOutcome } from '../enums';

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

  @Field(() => Int, {
    nullable: true,
    description: '应到 — entitled to attend (full members; or villagers / representatives)',
  })
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

  @Field(() => String, {
    nullable: true,
    description: '表决结论 — for the two meetings: the quorum and majority as counted against the policy',
  })
  @Column({ type: 'text', nullable: true })
  verdict: string | null;

  @Field(() => [DisclosureChannel], {
    nullable: true,
    description: '公开渠道 — disclosure channels (the two disclosure steps)',
  })
  @Column({ type: 'text', array: true, nullable: true })
  channels: DisclosureChannel[] | null;

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
@ObjectType('SupervisionFinding', {
  description: '监督意见 — a finding of the village affairs supervision committee (村务监督委员会) on a step',
})
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
