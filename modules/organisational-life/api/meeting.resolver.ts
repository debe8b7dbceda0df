import type { EntityManager } from 'typeorm';
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import {
  actOf,
  type Context,
  coreMessages,
  ErrorCode,
  inputId,
  Member,
  OrgUnit,
  optionalInputId,
  Permission,
  refuse,
  requireUnit,
  runMutation,
  unitFromInput,
} from '#module-kit';
import { MeetingAttendance } from '../entities/attendance.entity';
import { OrgLifeMeeting } from '../entities/meeting.entity';
import { ORG_LIFE_LABELS as L } from '../messages';
import { services } from '../services';
import type { MeetingFacts } from '../services/meeting.service';
import { bookAttendance } from '../services/star-port';
import { markPlanItemDone, movePlanItems, undoPlanItems } from '../services/plan-port';
import {
  CancelMeetingInput,
  CorrectMeetingInput,
  type MeetingFactsInput,
  MeetingPayload,
  RecordMeetingInput,
} from './types';

const facts = (x: MeetingFactsInput): MeetingFacts => ({
  ...x,
  chairedBy: optionalInputId(x.chairedById, 'Member', ['input', 'chairedById']),
  minutesBy: optionalInputId(x.minutesById, 'Member', ['input', 'minutesById']),
  attendance: x.attendance.map((a, i) => ({
    ...a,
    memberId: inputId(a.memberId, 'Member', ['input', 'attendance', String(i), 'memberId']),
  })),
});

/** The record an input names, locked, once the viewer may do module work on its unit (and the module is on there). */
async function meetingFor(ctx: Context, tx: EntityManager, id: string): Promise<[OrgLifeMeeting, OrgUnit]> {
  const key = inputId(id, 'OrgLifeMeeting', ['input', 'meetingId']);
  const meeting = await tx.findOne(OrgLifeMeeting, { where: { id: key }, lock: { mode: 'pessimistic_write' } });
  if (!meeting) refuse(ErrorCode.NOT_FOUND, coreMessages.notFound({ what: L.meeting }), ['input', 'meetingId']);
  const unit = await requireUnit(ctx, meeting.unitId, Permission.MODULE_WORK);
  return [meeting, unit!];
}

@Resolver(() => OrgLifeMeeting)
export class OrgLifeMeetingResolver {
  @FieldResolver(() => OrgUnit, { nullable: true, description: '组织 — the branch or party group that held it' })
  unit(@Root() x: OrgLifeMeeting, @Ctx() ctx: Context) {
    return ctx.loaders.byId(OrgUnit).load(x.unitId);
  }

  @FieldResolver(() => Member, { nullable: true, description: '主持人 — who chaired' })
  chairedBy(@Root() x: OrgLifeMeeting, @Ctx() ctx: Context) {
    return x.chairedBy === null ? null : ctx.loaders.byId(Member).load(x.chairedBy);
  }

  @FieldResolver(() => Member, { nullable: true, description: '记录人 — who took the minutes' })
  minutesBy(@Root() x: OrgLifeMeeting, @Ctx() ctx: Context) {
    return x.minutesBy === null ? null : ctx.loaders.byId(Member).load(x.minutesBy);
  }

  @FieldResolver(() => [MeetingAttendance], { description: '出席登记 — one line per member listed' })
  attendance(@Root() x: OrgLifeMeeting, @Ctx() ctx: Context) {
    return ctx.loaders
      .get<number, MeetingAttendance[]>('ol:attendance', async (ids) => {
        const rows = await ctx.db
          .getRepository(MeetingAttendance)
          .createQueryBuilder('a')
          .where('a.meeting_id = ANY(:ids)', { ids })
          .orderBy('a.member_id')
          .getMany();
        return ids.map((id) => rows.filter((r) => r.meetingId === id));
      })
      .load(x.id);
  }

  @Mutation(() => MeetingPayload, {
    description: '登记组织生活 — record a meeting a branch or party group held, with its attendance',
  })
  recordMeeting(
    @Ctx() ctx: Context,
    @Arg('input', { description: '会议 — the meeting' }) input: RecordMeetingInput,
  ): Promise<MeetingPayload> {
    return runMutation(ctx, input, async (tx) => {
      const unit = await unitFromInput(ctx, input.unitId, Permission.MODULE_WORK);
      const meeting = await services(ctx).meetings.record(tx, unit, facts(input), actOf(ctx));
      await bookAttendance(ctx, tx, meeting);
      await markPlanItemDone(ctx, tx, meeting, input.planItemId);
      return { meeting };
    });
  }

  @Mutation(() => MeetingPayload, { description: '更正组织生活记录 — correct a record (attendance replaced)' })
  correctMeeting(
    @Ctx() ctx: Context,
    @Arg('input', { description: '更正 — the record as it should read' }) input: CorrectMeetingInput,
  ): Promise<MeetingPayload> {
    return runMutation(ctx, input, async (tx) => {
      const [meeting, unit] = await meetingFor(ctx, tx, input.meetingId);
      const corrected = await services(ctx).meetings.correct(
        tx,
        unit,
        meeting,
        input.version,
        facts(input),
        actOf(ctx),
      );
      await bookAttendance(ctx, tx, corrected);
      await movePlanItems(ctx, tx, meeting, corrected, input.planItemId);
      return { meeting: corrected };
    });
  }

  @Mutation(() => MeetingPayload, {
    description: '作废组织生活记录 — cancel a record entered by mistake (kept, counted nowhere)',
  })
  cancelMeeting(
    @Ctx() ctx: Context,
    @Arg('input', { description: '作废 — the record and why' }) input: CancelMeetingInput,
  ): Promise<MeetingPayload> {
    return runMutation(ctx, input, async (tx) => {
      const [meeting] = await meetingFor(ctx, tx, input.meetingId);
      const cancelled = await services(ctx).meetings.cancel(tx, meeting, input.reason, actOf(ctx));
      await bookAttendance(ctx, tx, cancelled);
      await undoPlanItems(ctx, tx, cancelled);
      return { meeting: cancelled };
    });
  }
}
