import { Arg, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import {
  actOf,
  type Context,
  coreLabels,
  coreMessages,
  DateScalar,
  ErrorCode,
  inputId,
  Member,
  MemberStatus,
  OrgUnit,
  Permission,
  refuse,
  requireModule,
  requireUnit,
  runMutation,
  unitFromInput,
  type LocalDate,
} from '#module-kit';
import { DevelopmentRecord } from '../entities/record.entity';
import { DevelopmentStepRecord } from '../entities/step.entity';
import { COMMITTEE_STEPS, DevelopmentStage } from '../enums';
import { DEVELOPMENT_LABELS as L } from '../messages';
import { services } from '../services';
import { AdvanceDevelopmentInput, DevelopmentPayload, RecordDevelopmentApplicationInput } from './types';

@Resolver(() => DevelopmentRecord)
export class DevelopmentRecordResolver {
  @FieldResolver(() => OrgUnit, { nullable: true, description: '党支部 — the branch that keeps the record' })
  unit(@Root() x: DevelopmentRecord, @Ctx() ctx: Context) {
    return ctx.loaders.byId(OrgUnit).load(x.unitId);
  }

  @FieldResolver(() => DateScalar, {
    nullable: true,
    description:
      '出生日期 — birth date; null unless the viewer may see personal data at the branch in full (then birthYear only), as for a member in the register',
  })
  async birthDate(@Root() x: DevelopmentRecord, @Ctx() ctx: Context): Promise<LocalDate | null> {
    const branch = await ctx.loaders.byId(OrgUnit).load(x.unitId);
    return branch && ctx.access.canSeePersonalData(branch) ? x.birthDate : null;
  }

  @FieldResolver(() => Int, { description: '出生年份 — year of birth' })
  birthYear(@Root() x: DevelopmentRecord): number {
    return Number(x.birthDate.slice(0, 4));
  }

  @FieldResolver(() => Member, {
    nullable: true,
    description: '党员档案 — the register entry made on approval; its status shows probation and 转正',
  })
  member(@Root() x: DevelopmentRecord, @Ctx() ctx: Context) {
    return x.memberId === null ? null : ctx.loaders.byId(Member).load(x.memberId);
  }

  @FieldResolver(() => DevelopmentStage, {
    description: '发展阶段 — the stage now; FULL_MEMBER once the register shows the probation ended in full membership',
  })
  async stage(@Root() x: DevelopmentRecord, @Ctx() ctx: Context): Promise<DevelopmentStage> {
    if (x.memberId === null) return x.stage;
    const m = await ctx.loaders.byId(Member).load(x.memberId);
    return m?.status === MemberStatus.FULL ? DevelopmentStage.FULL_MEMBER : x.stage;
  }

  @FieldResolver(() => [DevelopmentStepRecord], { description: '步骤 — every decision recorded, in order' })
  steps(@Root() x: DevelopmentRecord, @Ctx() ctx: Context) {
    return ctx.loaders
      .get<number, DevelopmentStepRecord[]>('md:steps', async (ids) => {
        const rows = await ctx.db
          .getRepository(DevelopmentStepRecord)
          .createQueryBuilder('s')
          .where('s.record_id = ANY(:ids)', { ids })
          .orderBy('s.id')
          .getMany();
        return ids.map((id) => rows.filter((r) => r.recordId === id));
      })
      .load(x.id);
  }

  @Mutation(() => DevelopmentPayload, {
    description: '登记入党申请 — the branch records a written application (the applicant 18 or older)',
  })
  recordDevelopmentApplication(
    @Ctx() ctx: Context,
    @Arg('input', { description: '入党申请 — the application' }) input: RecordDevelopmentApplicationInput,
  ): Promise<DevelopmentPayload> {
    return runMutation(ctx, input, async (tx) => {
      const branch = await unitFromInput(ctx, input.unitId, Permission.MODULE_WORK);
      const record = await services(ctx).development.apply(tx, branch, input, actOf(ctx));
      return { record, userErrors: [] };
    });
  }

  @Mutation(() => DevelopmentPayload, {
    description:
      '记录发展步骤 — record one step of member development in its order; pre-review and approval by the committee above, the approval enters the member in the register',
  })
  advanceDevelopment(
    @Ctx() ctx: Context,
    @Arg('input', { description: '发展步骤 — the step' }) input: AdvanceDevelopmentInput,
  ): Promise<DevelopmentPayload> {
    return runMutation(ctx, input, async (tx) => {
      const id = inputId(input.recordId, 'DevelopmentRecord', ['input', 'recordId']);
      const record = await tx.findOne(DevelopmentRecord, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!record) refuse(ErrorCode.NOT_FOUND, coreMessages.notFound({ what: L.record }), ['input', 'recordId']);
      let decidingUnit: OrgUnit | null = null;
      if (input.decidingUnitId && COMMITTEE_STEPS.includes(input.step)) {
        // The committee above decides: the viewer works there; the module is on where the record is.
        decidingUnit = await requireUnit(
          ctx,
          inputId(input.decidingUnitId, 'OrgUnit', ['input', 'decidingUnitId']),
          Permission.MODULE_WORK,
        );
        if (!decidingUnit)
          refuse(ErrorCode.NOT_FOUND, coreMessages.notFound({ what: coreLabels.unit }), ['input', 'decidingUnitId']);
        await requireModule(ctx, record.unitId);
      } else {
        await requireUnit(ctx, record.unitId, Permission.MODULE_WORK);
        if (input.decidingUnitId)
          decidingUnit = await ctx.loaders
            .byId(OrgUnit)
            .load(inputId(input.decidingUnitId, 'OrgUnit', ['input', 'decidingUnitId']));
      }
      const step = await services(ctx).development.advance(ctx, tx, record, { ...input, decidingUnit }, actOf(ctx));
      return { record, step, userErrors: [] };
    });
  }
}
