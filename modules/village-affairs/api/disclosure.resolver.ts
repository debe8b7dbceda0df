import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  actOf,
  actorOf,
  AttachmentRef,
  type Context,
  DateScalar,
  inputId,
  loadNode,
  type LocalDate,
  Node,
  optionalInputId,
  OrgUnit,
  Permission,
  plusDays,
  portFor,
  runMutation,
  unitFromInput,
} from '#module-kit';
import { VillageDisclosure } from '../entities/disclosure.entity';
import { VillageFeedback } from '../entities/feedback.entity';
import { VillageMatter } from '../entities/matter.entity';
import { services } from '../services';
import { ISSUE_LISTS, type IssueListsPort } from '../services/issue-port';
import {
  RaiseIssueFromFeedbackInput,
  RecordVillageDisclosureInput,
  RegisterVillageFeedbackInput,
  ReplyToVillageFeedbackInput,
  SetPowerListInput,
} from './inputs';
import { workOn } from './matter.resolver';
import { DisclosureCategoryRule, PowerListPayload, VillageDisclosurePayload, VillageFeedbackPayload } from './types';

@Resolver(() => VillageDisclosure)
export class VillageDisclosureResolver {
  @FieldResolver(() => OrgUnit, { nullable: true, description: '村（社区） — the village' })
  village(@Root() d: VillageDisclosure, @Ctx() ctx: Context) {
    return ctx.loaders.byId(OrgUnit).load(d.unitId);
  }

  @FieldResolver(() => String, { description: "类别名称 — the category's title" })
  categoryTitle(@Root() d: VillageDisclosure, @Ctx() ctx: Context): string {
    return services(ctx).policy.disclosures[d.category]?.title ?? d.category;
  }

  @FieldResolver(() => [AttachmentRef], { description: '附件 — attachments by reference' })
  attachments(@Root() d: VillageDisclosure): AttachmentRef[] {
    return d.attachments;
  }

  @FieldResolver(() => [VillageFeedback], { description: "群众意见 — villagers' feedback on this disclosure" })
  feedback(@Root() d: VillageDisclosure, @Ctx() ctx: Context) {
    return ctx.loaders.hasMany(VillageFeedback, 'disclosure_id', (x) => x.disclosureId!).load(d.id);
  }

  @Query(() => [DisclosureCategoryRule], {
    description:
      "公开类别 — the disclosure categories and their schedule (the eight standard ones and the locality's own)",
  })
  disclosureCategories(@Ctx() ctx: Context): DisclosureCategoryRule[] {
    return Object.entries(services(ctx).policy.disclosures).map(([category, c]) => ({
      category,
      title: c.title,
      everyMonths: c.everyMonths,
      withinDays: c.withinDays,
    }));
  }

  @Mutation(() => VillageDisclosurePayload, { description: '村务公开登记 — record a disclosure the village published' })
  recordVillageDisclosure(
    @Ctx() ctx: Context,
    @Arg('input', { description: '公开 — the disclosure' }) input: RecordVillageDisclosureInput,
  ): Promise<VillageDisclosurePayload> {
    return runMutation(ctx, input, async (tx) => {
      const unit = await workOn(ctx, inputId(input.unitId, 'OrgUnit', ['input', 'unitId']));
      return { disclosure: await services(ctx).disclosures.record(tx, unit, input, actorOf(ctx), ctx.today) };
    });
  }

  @Mutation(() => PowerListPayload, {
    description:
      "设置权力清单 — replace a county's or township's village power list (needs ADMINISTER there); the villages below use the nearest list up the tree",
  })
  setPowerList(
    @Ctx() ctx: Context,
    @Arg('input', { description: '清单 — the list' }) input: SetPowerListInput,
  ): Promise<PowerListPayload> {
    return runMutation(ctx, input, async (tx) => {
      const unit = await unitFromInput(ctx, input.unitId, Permission.ADMINISTER);
      return { items: await services(ctx).disclosures.setPowerList(tx, unit, input.items) };
    });
  }
}

@Resolver(() => VillageFeedback)
export class VillageFeedbackResolver {
  @FieldResolver(() => OrgUnit, { nullable: true, description: '村（社区） — the village' })
  village(@Root() x: VillageFeedback, @Ctx() ctx: Context) {
    return ctx.loaders.byId(OrgUnit).load(x.unitId);
  }

  @FieldResolver(() => VillageMatter, { nullable: true, description: '事项 — the matter it concerns' })
  matter(@Root() x: VillageFeedback, @Ctx() ctx: Context) {
    return x.matterId === null ? null : ctx.loaders.byId(VillageMatter).load(x.matterId);
  }

  @FieldResolver(() => VillageDisclosure, { nullable: true, description: '公开 — the disclosure it concerns' })
  disclosure(@Root() x: VillageFeedback, @Ctx() ctx: Context) {
    return x.disclosureId === null ? null : ctx.loaders.byId(VillageDisclosure).load(x.disclosureId);
  }

  @FieldResolver(() => DateScalar, { description: "答复期限 — answer by (received + the policy's days)" })
  replyDueOn(@Root() x: VillageFeedback, @Ctx() ctx: Context): LocalDate {
    return plusDays(x.receivedOn, services(ctx).policy.feedbackReplyDays);
  }

  @FieldResolver(() => Boolean, { description: '逾期未复 — unanswered past the answer-by day (flagged)' })
  overdue(@Root() x: VillageFeedback, @Ctx() ctx: Context): boolean {
    return !x.repliedOn && plusDays(x.receivedOn, services(ctx).policy.feedbackReplyDays) < ctx.today;
  }

  @FieldResolver(() => Node, {
    nullable: true,
    description: '问题 — the issue raised from it, if any (null if hidden from the viewer)',
  })
  issue(@Root() x: VillageFeedback, @Ctx() ctx: Context) {
    return x.issueRef ? loadNode(ctx, x.issueRef) : null;
  }

  @Mutation(() => VillageFeedbackPayload, { description: "意见登记 — register a villager's feedback (意见登记簿)" })
  registerVillageFeedback(
    @Ctx() ctx: Context,
    @Arg('input', { description: '意见 — the feedback' }) input: RegisterVillageFeedbackInput,
  ): Promise<VillageFeedbackPayload> {
    return runMutation(ctx, input, async (tx) => {
      const unit = await workOn(ctx, inputId(input.unitId, 'OrgUnit', ['input', 'unitId']));
      const matterId = optionalInputId(input.matterId, 'VillageMatter', ['input', 'matterId']);
      const disclosureId = optionalInputId(input.disclosureId, 'VillageDisclosure', ['input', 'disclosureId']);
      return {
        feedback: await services(ctx).disclosures.registerFeedback(
          tx,
          unit,
          { ...input, matterId, disclosureId },
          ctx.today,
        ),
      };
    });
  }

  @Mutation(() => VillageFeedbackPayload, {
    description: '答复 — record the answer given (事事有交待，件件有回音); once per feedback',
  })
  replyToVillageFeedback(
    @Ctx() ctx: Context,
    @Arg('input', { description: '答复 — the answer' }) input: ReplyToVillageFeedbackInput,
  ): Promise<VillageFeedbackPayload> {
    return runMutation(ctx, input, async (tx) => {
      const feedback = await services(ctx).disclosures.lockFeedback(
        tx,
        inputId(input.feedbackId, 'VillageFeedback', ['input', 'feedbackId']),
      );
      await workOn(ctx, feedback.unitId);
      return { feedback: await services(ctx).disclosures.reply(tx, feedback, input, actorOf(ctx), ctx.today) };
    });
  }

  @Mutation(() => VillageFeedbackPayload, {
    description:
      '转问题清单 — raise feedback that needs solving as an issue of the village (needs the issue-list module on there)',
  })
  raiseIssueFromFeedback(
    @Ctx() ctx: Context,
    @Arg('input', { description: '意见 — the feedback' }) input: RaiseIssueFromFeedbackInput,
  ): Promise<VillageFeedbackPayload> {
    return runMutation(ctx, input, async (tx) => {
      const feedback = await services(ctx).disclosures.lockFeedback(
        tx,
        inputId(input.feedbackId, 'VillageFeedback', ['input', 'feedbackId']),
      );
      await workOn(ctx, feedback.unitId);
      const port = await portFor<IssueListsPort>(ctx, ISSUE_LISTS, feedback.unitId, ['input', 'feedbackId']);
      return {
        feedback: await services(ctx).disclosures.raiseIssue(tx, feedback, port, input.category, actOf(ctx)),
      };
    });
  }
}
