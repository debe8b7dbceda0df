import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import {
  actorOf,
  Account,
  type Context,
  ErrorCode,
  inputId,
  optionalInputId,
  OrgUnit,
  Permission,
  refuse,
  requireUnit,
  runMutation,
} from '#module-kit';
import { VillageFeedback } from '../entities/feedback.entity';
import { VillageMatter } from '../entities/matter.entity';
import { MatterStepRecord, SupervisionFinding } from '../entities/matter-step.entity';
import { services } from '../services';
import { AddSupervisionFindingInput, ProposeVillageMatterInput, RecordMatterStepInput } from './inputs';
import { VillageMatterPayload } from './types';

/** The village does the work on its matters: module work there, with the module on. */
export async function workOn(ctx: Context, unitId: number): Promise<OrgUnit> {
  const unit = await requireUnit(ctx, unitId, Permission.MODULE_WORK);
  if (!unit) refuse(ErrorCode.NOT_FOUND, 'unit not found', ['input', 'unitId']);
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
      "议事记录 — record the matter's next step; a skipped or repeated step is INVALID_STATE; a meeting that misses its quorum or majority is recorded and ends the matter as rejected",
  })
  recordMatterStep(
    @Ctx() ctx: Context,
    @Arg('input', { description: '步骤 — the step' }) input: RecordMatterStepInput,
  ): Promise<VillageMatterPayload> {
    return runMutation(ctx, input, async (tx) => {
      const matter = await matterFor(ctx, tx, input.matterId);
      await services(ctx).matters.recordStep(tx, matter, input, actorOf(ctx), ctx.today);
      return { matter: await tx.findOneOrFail(VillageMatter, { where: { id: matter.id } }) };
    });
  }

  @Mutation(() => VillageMatterPayload, {
    description: '监督意见 — the supervision committee (村务监督委员会) records a finding on any step reached',
  })
  addSupervisionFinding(
    @Ctx() ctx: Context,
    @Arg('input', { description: '意见 — the finding' }) input: AddSupervisionFindingInput,
  ): Promise<VillageMatterPayload> {
    return runMutation(ctx, input, async (tx) => {
      const matter = await matterFor(ctx, tx, input.matterId);
      await services(ctx).matters.addFinding(tx, matter, input, actorOf(ctx), ctx.today);
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
}

@Resolver(() => SupervisionFinding)
export class SupervisionFindingResolver {
  @FieldResolver(() => Account, { nullable: true, description: '记录人 — the account that recorded the finding' })
  recordedBy(@Root() f: SupervisionFinding, @Ctx() ctx: Context) {
    return f.recordedBy === null ? null : ctx.loaders.byId(Account).load(f.recordedBy);
  }
}
