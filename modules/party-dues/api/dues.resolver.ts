import type { EntityManager } from 'typeorm';
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import {
  actOf,
  coreLabels,
  type Context,
  coreMessages,
  ErrorCode,
  inputId,
  Member,
  OrgUnit,
  Permission,
  refuse,
  requireUnit,
  runMutation,
  seesPersonalData,
  unitFromInput,
} from '#module-kit';
import { DuesDeclaration } from '../entities/declaration.entity';
import { DuesDisclosure } from '../entities/disclosure.entity';
import { DuesPayment } from '../entities/payment.entity';
import { DuesReduction } from '../entities/reduction.entity';
import { DUES_LABELS as L } from '../messages';
import { services } from '../services';
import {
  ApproveDuesReductionInput,
  CorrectDuesPaymentInput,
  DeclareDuesIncomeInput,
  DuesDeclarationPayload,
  DuesDisclosurePayload,
  DuesPaymentPayload,
  DuesReductionPayload,
  PublishDuesDisclosureInput,
  RecordDuesPaymentInput,
} from './types';

/** The member an input names (the core has checked the viewer may see them). */
async function memberOf(tx: EntityManager, id: string): Promise<Member> {
  const member = await tx.findOneBy(Member, { id: inputId(id, 'Member', ['input', 'memberId']) });
  if (!member) refuse(ErrorCode.NOT_FOUND, coreMessages.notFound({ what: coreLabels.member }), ['input', 'memberId']);
  return member!;
}

const member = (ctx: Context, id: number) => ctx.loaders.byId(Member).load(id);
const unit = (ctx: Context, id: number) => ctx.loaders.byId(OrgUnit).load(id);

@Resolver(() => DuesPayment)
export class DuesPaymentResolver {
  @FieldResolver(() => Member, { nullable: true, description: '党员 — who paid' })
  member(@Root() x: DuesPayment, @Ctx() ctx: Context) {
    return member(ctx, x.memberId);
  }

  @FieldResolver(() => OrgUnit, { nullable: true, description: '党支部 — the branch that received it' })
  unit(@Root() x: DuesPayment, @Ctx() ctx: Context) {
    return unit(ctx, x.unitId);
  }

  @Mutation(() => DuesDeclarationPayload, {
    description:
      '申报党费收入 — record a member’s monthly income (or flat basis) from a month on; the monthly dues are assessed by the bands in force now and kept',
  })
  declareDuesIncome(
    @Ctx() ctx: Context,
    @Arg('input', { description: '申报 — the declaration' }) input: DeclareDuesIncomeInput,
  ): Promise<DuesDeclarationPayload> {
    return runMutation(ctx, input, async (tx) => {
      const branch = await unitFromInput(ctx, input.unitId, Permission.MODULE_WORK);
      const m = await memberOf(tx, input.memberId);
      return { declaration: await services(ctx).dues.declare(tx, branch, m, input, actOf(ctx)) };
    });
  }

  @Mutation(() => DuesPaymentPayload, { description: '登记党费交纳 — record a payment of one month’s dues' })
  recordDuesPayment(
    @Ctx() ctx: Context,
    @Arg('input', { description: '交纳 — the payment' }) input: RecordDuesPaymentInput,
  ): Promise<DuesPaymentPayload> {
    return runMutation(ctx, input, async (tx) => {
      const branch = await unitFromInput(ctx, input.unitId, Permission.MODULE_WORK);
      const m = await memberOf(tx, input.memberId);
      return { payment: await services(ctx).dues.recordPayment(tx, branch, m, input, actOf(ctx)) };
    });
  }

  @Mutation(() => DuesPaymentPayload, {
    description: '更正党费交纳记录 — correct a payment, with the reason (audited; its old and new months must be open)',
  })
  correctDuesPayment(
    @Ctx() ctx: Context,
    @Arg('input', { description: '更正 — the payment as it should read' }) input: CorrectDuesPaymentInput,
  ): Promise<DuesPaymentPayload> {
    return runMutation(ctx, input, async (tx) => {
      const id = inputId(input.paymentId, 'DuesPayment', ['input', 'paymentId']);
      const payment = await tx.findOne(DuesPayment, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!payment) refuse(ErrorCode.NOT_FOUND, coreMessages.notFound({ what: L.payment }), ['input', 'paymentId']);
      const branch = (await requireUnit(ctx, payment!.unitId, Permission.MODULE_WORK))!;
      const m = (await tx.findOneBy(Member, { id: payment!.memberId }))!;
      return {
        payment: await services(ctx).dues.correctPayment(tx, branch, m, payment!, input.version, input, actOf(ctx)),
      };
    });
  }

  @Mutation(() => DuesReductionPayload, {
    description:
      '登记党费减免 — record a reduction or exemption of a member’s dues for some months, approved by a committee above the branch',
  })
  approveDuesReduction(
    @Ctx() ctx: Context,
    @Arg('input', { description: '减免 — what was approved' }) input: ApproveDuesReductionInput,
  ): Promise<DuesReductionPayload> {
    return runMutation(ctx, input, async (tx) => {
      const branch = await unitFromInput(ctx, input.unitId, Permission.MODULE_WORK);
      const m = await memberOf(tx, input.memberId);
      const committee = await tx.findOneBy(OrgUnit, {
        id: inputId(input.committeeId, 'OrgUnit', ['input', 'committeeId']),
      });
      if (!committee)
        refuse(ErrorCode.NOT_FOUND, coreMessages.notFound({ what: coreLabels.unit }), ['input', 'committeeId']);
      return {
        reduction: await services(ctx).dues.approveReduction(tx, branch, m, committee!, input, actOf(ctx)),
      };
    });
  }

  @Mutation(() => DuesDisclosurePayload, {
    description: '公开党费收缴情况 — record the branch’s public account of some months, with the figures as they stand',
  })
  publishDuesDisclosure(
    @Ctx() ctx: Context,
    @Arg('input', { description: '公开 — the account posted' }) input: PublishDuesDisclosureInput,
  ): Promise<DuesDisclosurePayload> {
    return runMutation(ctx, input, async (tx) => {
      const branch = await unitFromInput(ctx, input.unitId, Permission.MODULE_WORK);
      return { disclosure: await services(ctx).dues.publishDisclosure(tx, branch, input, actOf(ctx)) };
    });
  }
}

@Resolver(() => DuesDeclaration)
export class DuesDeclarationResolver {
  @FieldResolver(() => Member, { nullable: true, description: '党员 — whose declaration' })
  member(@Root() x: DuesDeclaration, @Ctx() ctx: Context) {
    return member(ctx, x.memberId);
  }

  // A person's pay or pension is personal data, as their phone: the same viewers see it.
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "月收入（分） — the declared monthly post-tax income or pension in fen, as an integer string; null unless the viewer sees the member's personal data in full (as the phone), or for a flat amount",
  })
  async incomeFen(@Root() x: DuesDeclaration, @Ctx() ctx: Context): Promise<string | null> {
    if (x.incomeFen === null) return null;
    const m = await ctx.loaders.byId(Member).load(x.memberId);
    return m && (await seesPersonalData(ctx, m)) ? x.incomeFen : null;
  }
}

@Resolver(() => DuesReduction)
export class DuesReductionResolver {
  @FieldResolver(() => Member, { nullable: true, description: '党员 — whose dues' })
  member(@Root() x: DuesReduction, @Ctx() ctx: Context) {
    return member(ctx, x.memberId);
  }

  @FieldResolver(() => OrgUnit, { nullable: true, description: '批准党委 — the committee above that approved it' })
  approvedBy(@Root() x: DuesReduction, @Ctx() ctx: Context) {
    return unit(ctx, x.approvedBy);
  }
}

@Resolver(() => DuesDisclosure)
export class DuesDisclosureResolver {
  @FieldResolver(() => OrgUnit, { nullable: true, description: '党支部 — the branch' })
  unit(@Root() x: DuesDisclosure, @Ctx() ctx: Context) {
    return unit(ctx, x.unitId);
  }
}
