import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import {
  actOf,
  actorOf,
  Account,
  type Context,
  deny,
  ErrorCode,
  inputId,
  Member,
  optionalInputId,
  OrgUnit,
  Permission,
  refuse,
  requireModule,
  requireSelf,
  requireUnit,
  runMutation,
  coreMessages,
  coreLabels,
} from '#module-kit';
import { VillageFeedback } from '../entities/feedback.entity';
import { VillageMatter } from '../entities/matter.entity';
import { MatterStepRecord, StepExclusion, SupervisionFinding } from '../entities/matter-step.entity';
import { services } from '../services';
import { suspensionsFor } from '../services/member-standing-port';
import { AddSupervisionFindingInput, ProposeVillageMatterInput, RecordMatterStepInput } from './inputs';
import { VillageMatterPayload } from './types';
import { VILLAGE_MESSAGES as V } from '../messages';

/** The village does the work on its matters: module work there, with the module on. */
export async function workOn(ctx: Context, unitId: number): Promise<OrgUnit> {
  const unit = await requireUnit(ctx, unitId, Permission.MODULE_WORK);
  if (!unit) refuse(ErrorCode.NOT_FOUND, coreMessages.notFound({ what: coreLabels.unit }), ['input', 'unitId']);
  return unit;
}

async function matterFor(ctx: Context, tx: EntityManager, matterGlobalId: string): Promise<VillageMatter> {
  const matter = await services(ctx).matters.lock(tx, inputId(matterGlobalId, 'VillageMatter', ['input', 'matterId']));
  await workOn(ctx, matter.unitId);
  return matter;
}

@Resolver(() => VillageMatter)
export class VillageMatterResolver {
  @FieldResolver(() => OrgUnit, { nullable: true, description: '村（社区） — the village' })
  village(@Root() m: VillageMatter, @Ctx() ctx: Context) {
    return ctx.loaders.byId(OrgUnit).load(m.unitId);
  }

  @FieldResolver(() => [MatterStepRecord], {
    description: '议事记录 — the steps recorded, in order (execution progress notes included)',
  })
  steps(@Root() m: VillageMatter, @Ctx() ctx: Context) {
    return ctx.loaders.hasMany(MatterStepRecord, 'matter_id', (s) => s.matterId).load(m.id);
  }

  @FieldResolver(() => [SupervisionFinding], {
    description: "监督意见 — the supervision committee's findings, oldest first",
  })
  findings(@Root() m: VillageMatter, @Ctx() ctx: Context) {
    return ctx.loaders.hasMany(SupervisionFinding, 'matter_id', (s) => s.matterId).load(m.id);
  }

  @FieldResolver(() => VillageMatter, {
    nullable: true,
    description: '原事项 — the rejected matter this proposes again',
  })
  reproposalOf(@Root() m: VillageMatter, @Ctx() ctx: Context) {
    return m.reproposalOfId === null ? null : ctx.loaders.byId(VillageMatter).load(m.reproposalOfId);
  }

  @FieldResolver(() => VillageMatter, {
    nullable: true,
    description: '再次提议 — the new matter that proposed this rejected one again',
  })
  async reproposedAs(@Root() m: VillageMatter, @Ctx() ctx: Context) {
    return (
      (await ctx.loaders.hasMany(VillageMatter, 'reproposal_of_id', (x) => x.reproposalOfId!).load(m.id))[0] ?? null
    );
  }

  @FieldResolver(() => [VillageFeedback], { description: "群众意见 — villagers' feedback on this matter" })
  feedback(@Root() m: VillageMatter, @Ctx() ctx: Context) {
    return ctx.loaders.hasMany(VillageFeedback, 'matter_id', (x) => x.matterId!).load(m.id);
  }

  @Mutation(() => VillageMatterPayload, {
    description: '提议 — the branch proposes a major matter; the deliberation follows',
  })
  proposeVillageMatter(
    @Ctx() ctx: Context,
    @Arg('input', { description: '事项 — the matter' }) input: ProposeVillageMatterInput,
  ): Promise<VillageMatterPayload> {
    return runMutation(ctx, input, async (tx) => {
      const unit = await workOn(ctx, inputId(input.unitId, 'OrgUnit', ['input', 'unitId']));
      const oldId = optionalInputId(input.reproposalOfId, 'VillageMatter', ['input', 'reproposalOfId']);
      const reproposalOf =
        oldId === null ? null : await services(ctx).matters.lock(tx, oldId, ['input', 'reproposalOfId']);
      return {
        matter: await services(ctx).matters.propose(tx, unit, { ...input, reproposalOf }, actorOf(ctx), ctx.today),
      };
    });
  }

  @Mutation(() => VillageMatterPayload, {
    description:
      "议事记录 — record the matter's next step; a skipped or repeated step is INVALID_STATE; a meeting without its quorum is recorded as void and the step is called again; a meeting with quorum whose vote fails ends the matter as rejected",
  })
  recordMatterStep(
    @Ctx() ctx: Context,
    @Arg('input', { description: '步骤 — the step' }) input: RecordMatterStepInput,
  ): Promise<VillageMatterPayload> {
    return runMutation(ctx, input, async (tx) => {
      const matter = await matterFor(ctx, tx, input.matterId);
      const excused = (input.excused ?? []).map((x, i) => ({
        memberId: inputId(x.memberId, 'Member', ['input', 'excused', String(i), 'memberId']),
        reason: x.reason,
        note: x.note,
      }));
      await services(ctx).matters.recordStep(
        tx,
        matter,
        { ...input, excused },
        actorOf(ctx),
        ctx.today,
        suspensionsFor(ctx),
      );
      return { matter: await tx.findOneOrFail(VillageMatter, { where: { id: matter.id } }) };
    });
  }

  @Mutation(() => VillageMatterPayload, {
    description:
      "监督意见 — a member of the village's supervision committee (村务监督委员会: a current VILLAGE_SUPERVISOR post, held by the member the account is linked to) records a finding on any step reached; nobody else may, the secretary included",
  })
  addSupervisionFinding(
    @Ctx() ctx: Context,
    @Arg('input', { description: '意见 — the finding' }) input: AddSupervisionFindingInput,
  ): Promise<VillageMatterPayload> {
    return runMutation(ctx, input, async (tx) => {
      // The recorder's own post is the access check: being signed in as the member who holds it.
      requireSelf(ctx);
      const matter = await services(ctx).matters.lock(
        tx,
        inputId(input.matterId, 'VillageMatter', ['input', 'matterId']),
      );
      const village = await tx.findOneOrFail(OrgUnit, { where: { id: matter.unitId } });
      const memberId = ctx.access.viewer?.memberId ?? null;
      const post =
        memberId === null
          ? null
          : await services(ctx).matters.supervisorPost(tx, matter.unitId, memberId, input.recordedOn);
      if (post === null) deny(ctx, village, V.supervisorsOnly({ village: village.name, on: input.recordedOn }));
      await requireModule(ctx, matter.unitId);
      await services(ctx).matters.addFinding(tx, matter, input, post, actOf(ctx));
      return { matter };
    });
  }
}

@Resolver(() => MatterStepRecord)
export class MatterStepResolver {
  @FieldResolver(() => Account, { nullable: true, description: '记录人 — the account that recorded the step' })
  recordedBy(@Root() s: MatterStepRecord, @Ctx() ctx: Context) {
    return s.recordedBy === null ? null : ctx.loaders.byId(Account).load(s.recordedBy);
  }

  @FieldResolver(() => [StepExclusion], {
    description:
      "不计入应到人数 — members' assembly: the full members not counted among those entitled to vote (suspended, or left out by the branch for this meeting), with their reasons",
  })
  notCounted(@Root() s: MatterStepRecord, @Ctx() ctx: Context) {
    return ctx.loaders.hasMany(StepExclusion, 'step_id', (x) => x.stepId).load(s.id);
  }
}

@Resolver(() => StepExclusion)
export class StepExclusionResolver {
  @FieldResolver(() => Member, {
    nullable: true,
    description: '党员 — the member (null when the viewer may not see the member record)',
  })
  member(@Root() x: StepExclusion, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Member).load(x.memberId);
  }
}

@Resolver(() => SupervisionFinding)
export class SupervisionFindingResolver {
  @FieldResolver(() => Account, { nullable: true, description: '记录人 — the account that recorded the finding' })
  recordedBy(@Root() f: SupervisionFinding, @Ctx() ctx: Context) {
    return f.recordedBy === null ? null : ctx.loaders.byId(Account).load(f.recordedBy);
  }
}
