import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import {
  actOf,
  actorOf,
  type Context,
  ErrorCode,
  inputId,
  OrgUnit,
  Permission,
  refuse,
  requireModule,
  requireUnit,
  runMutation,
  unitFromInput,
  coreMessages,
} from '#module-kit';
import { Inspection } from '../entities/inspection.entity';
import { Issue } from '../entities/issue.entity';
import { KeyRectification } from '../entities/key-rectification.entity';
import { services } from '../services';
import { InspectionFeedbackInput, KeyRectificationInput, RecordInspectionInput } from './inputs';
import { InspectionPayload, KeyRectificationPayload } from './payloads';
import { ISSUE_LABELS as IL, ISSUE_MESSAGES as I } from '../messages';

@Resolver(() => KeyRectification)
export class KeyRectificationResolver {
  @FieldResolver(() => OrgUnit, {
    nullable: true,
    description: '整改单位 — the unit under key rectification; null when the viewer may not see it',
  })
  unit(@Root() k: KeyRectification, @Ctx() ctx: Context) {
    return ctx.loaders.byId(OrgUnit).load(k.unitId);
  }
}

@Resolver(() => Inspection)
export class InspectionResolver {
  @FieldResolver(() => OrgUnit, { description: '被督导单位 — the unit inspected' })
  unit(@Root() s: Inspection, @Ctx() ctx: Context) {
    return ctx.loaders.byId(OrgUnit).load(s.unitId);
  }

  @FieldResolver(() => OrgUnit, {
    nullable: true,
    description: '督导单位 — the unit that inspected; null when the viewer may not see it',
  })
  byUnit(@Root() s: Inspection, @Ctx() ctx: Context) {
    return ctx.loaders.byId(OrgUnit).load(s.byUnitId);
  }

  @FieldResolver(() => [Issue], { description: '发现问题 — the findings, as issues to rectify' })
  findings(@Root() s: Inspection, @Ctx() ctx: Context): Promise<Issue[]> {
    return ctx.loaders.hasMany(Issue, 'inspection_id', (i) => i.inspectionId!).load(s.id);
  }

  @Mutation(() => InspectionPayload, {
    description:
      '记录随机督导 — an inspection and its findings; each finding becomes an issue of the inspected unit with a deadline',
  })
  recordInspection(
    @Ctx() ctx: Context,
    @Arg('input', { description: '督导 — the inspection' }) input: RecordInspectionInput,
  ): Promise<InspectionPayload> {
    return runMutation(ctx, input, async (tx) => {
      const by = await unitFromInput(ctx, input.byUnitId, Permission.MODULE_WORK, ['input', 'byUnitId']);
      const unit = await unitFromInput(ctx, input.unitId, Permission.READ);
      return {
        inspection: await services(ctx).inspections.record(tx, { ...input, unit, by }, actOf(ctx)),
      };
    });
  }

  @Mutation(() => InspectionPayload, {
    description: '督导反馈与通报 — record the feedback given and the notice of results',
  })
  recordInspectionFeedback(
    @Ctx() ctx: Context,
    @Arg('input', { description: '反馈 — feedback and notice' }) input: InspectionFeedbackInput,
  ): Promise<InspectionPayload> {
    return runMutation(ctx, input, async (tx) => {
      const inspection = await tx.findOne(Inspection, {
        where: { id: inputId(input.inspectionId, 'Inspection', ['input', 'inspectionId']) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!inspection)
        refuse(ErrorCode.NOT_FOUND, coreMessages.notFound({ what: IL.inspection }), ['input', 'inspectionId']);
      await requireUnit(ctx, inspection.byUnitId, Permission.MODULE_WORK);
      // The inspecting unit may have the module on where the inspected one has it off.
      await requireModule(ctx, inspection.unitId);
      return { inspection: await services(ctx).inspections.recordFeedback(tx, inspection, input, ctx.today) };
    });
  }

  @Mutation(() => KeyRectificationPayload, {
    description: '列入重点整改 — mark a unit for key rectification (by the level above it)',
  })
  markKeyRectification(
    @Ctx() ctx: Context,
    @Arg('input', { description: '单位与原因 — the unit and why' }) input: KeyRectificationInput,
  ): Promise<KeyRectificationPayload> {
    return runMutation(ctx, input, async (tx) => {
      const unit = await this.unitAndParentCheck(ctx, input.unitId);
      return {
        keyRectification: await services(ctx).inspections.mark(tx, unit, input.reason ?? '', actorOf(ctx), ctx.today),
      };
    });
  }

  @Mutation(() => KeyRectificationPayload, {
    description: '移出重点整改 — unmark a unit once all its inspection findings are closed',
  })
  unmarkKeyRectification(
    @Ctx() ctx: Context,
    @Arg('input', { description: '单位 — the unit' }) input: KeyRectificationInput,
  ): Promise<KeyRectificationPayload> {
    return runMutation(ctx, input, async (tx) => {
      const unit = await this.unitAndParentCheck(ctx, input.unitId);
      return { keyRectification: await services(ctx).inspections.unmark(tx, unit, actorOf(ctx), ctx.today) };
    });
  }

  /** Marks are set by the level above the unit. */
  private async unitAndParentCheck(ctx: Context, unitGlobalId: string): Promise<OrgUnit> {
    const unit = await ctx.loaders.byId(OrgUnit).load(inputId(unitGlobalId, 'OrgUnit', ['input', 'unitId']));
    if (!unit || unit.parentId === null) refuse(ErrorCode.NOT_FOUND, I.noLevelAboveUnit(), ['input', 'unitId']);
    await requireUnit(ctx, unit.parentId, Permission.MODULE_WORK);
    await requireModule(ctx, unit.id);
    return unit;
  }
}
