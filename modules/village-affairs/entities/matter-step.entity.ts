import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar, type LocalDate } from '#module-kit';
import { DisclosureChannel, MatterStep, MeetingKind, StepOutcome, VoteExclusionReason } from '../enums';

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

  @Field(() => StepOutcome, {
    description: '结果 — passed, failed (the vote), no quorum (void, called again), or an execution progress note',
  })
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
    description:
      "应到 — entitled: at the members' assembly, the full members entitled to vote (the register's full members, less those suspended and those the branch left out of the count); at the resolution, the villagers aged 18 or over, or the representatives",
  })
  @Column({ type: 'int', nullable: true })
  eligible: number | null;

  @Field(() => Int, {
    nullable: true,
    description: "正式党员 — members' assembly: the branch's full members on the day, from the register",
  })
  @Column({ name: 'full_members', type: 'int', nullable: true })
  fullMembers: number | null;

  @Field(() => Int, {
    nullable: true,
    description: "户数 — villagers' meeting held by households: the village's households",
  })
  @Column({ type: 'int', nullable: true })
  households: number | null;

  @Field(() => Int, { nullable: true, description: "到会户代表 — villagers' meeting: households represented" })
  @Column({ name: 'households_present', type: 'int', nullable: true })
  householdsPresent: number | null;

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
    description:
      '表决结论 — for the two meetings: who was entitled, the quorum and the majority as counted against the policy',
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

  @Field(() => DateScalar, { description: '日期 — recorded on (the day the committee member gives)' })
  @Column({ name: 'recorded_on', type: 'date' })
  recordedOn: LocalDate;

  @Column({ name: 'recorded_by', type: 'int', nullable: true })
  recordedBy: number | null;

  /** The supervision-committee post its recorder held (null for findings entered before posts were checked). */
  @Column({ name: 'supervisor_post_id', type: 'int', nullable: true })
  supervisorPostId: number | null;

  @Field(() => Date, { nullable: true, description: '录入时间 — when it was entered (the clock’s instant)' })
  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true })
  recordedAt: Date | null;
}

@Entity('va_step_exclusion')
@ObjectType('VoteExclusion', {
  description:
    '不计入应到人数 — a full member of the branch not counted among those entitled to vote at this meeting, and why',
})
export class StepExclusion {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'step_id', type: 'int' })
  stepId: number;

  @Column({ name: 'member_id', type: 'int' })
  memberId: number;

  @Field(() => VoteExclusionReason, { description: '原因 — why' })
  @Column({ type: 'text' })
  reason: VoteExclusionReason;

  @Field(() => String, { nullable: true, description: '说明 — the note recorded with it' })
  @Column({ type: 'text', nullable: true })
  note: string | null;
}
