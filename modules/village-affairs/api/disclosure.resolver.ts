import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  actOf,
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
  requireModule,
  runMutation,
  unitFromInput,
} from '#module-kit';
import { VillageDisclosure } from '../entities/disclosure.entity';
import { VillageFeedback } from '../entities/feedback.entity';
import { VillageMatter } from '../entities/matter.entity';
import { services } from '../services';
import { holderOf } from '../services/disclosure.service';
import { ISSUE_LISTS, type IssueListsPort } from '../services/issue-port';
import { isVillage } from '../services/matter.service';
import type { VillageAffairsPolicy } from '../services/policy';
import {
  PassVillageFeedbackUpInput,
  RaiseIssueFromFeedbackInput,
  RecordVillageDisclosureInput,
  RegisterVillageFeedbackInput,
  ReplyToVillageFeedbackInput,
  SetPowerListInput,
} from './inputs';
import { workOn } from './matter.resolver';
import { DisclosureCategoryRule, PowerListPayload, VillageDisclosurePayload, VillageFeedbackPayload } from './types';

/** Entered more than the policy's grace days after the day it declares. */
const enteredLate = (p: VillageAffairsPolicy, declared: LocalDate | null, recordedOn: LocalDate | null) =>
  !!declared && !!recordedOn && recordedOn > plusDays(declared, p.lateRecords.graceDays);

/** The day a declared date is judged by: the recorded day when entered late and the policy says so. */
const judgedDay = (p: VillageAffairsPolicy, declared: LocalDate, recordedOn: LocalDate | null): LocalDate =>
  p.lateRecords.judgeBy === 'RECORDED' && enteredLate(p, declared, recordedOn) ? recordedOn! : declared;

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

  @FieldResolver(() => Boolean, {
    description:
      '完整 — published after its period ended, so it can cover all of it; one published before is partial (公开内容不完整)',
  })
  complete(@Root() d: VillageDisclosure): boolean {
    return d.publishedOn > d.periodEnd;
  }

  @FieldResolver(() => Boolean, {
    description:
      "补录 — entered into the register more than the policy's grace days after its declared publication day (flagged)",
  })
  recordedLate(@Root() d: VillageDisclosure, @Ctx() ctx: Context): boolean {
    return enteredLate(services(ctx).policy, d.publishedOn, d.recordedOn);
  }

  @FieldResolver(() => DateScalar, {
    description:
      '认定日期 — the day compliance judges it by: the declared day, or, when entered late and the policy says so, the day it was entered',
  })
  judgedOn(@Root() d: VillageDisclosure, @Ctx() ctx: Context): LocalDate {
    return judgedDay(services(ctx).policy, d.publishedOn, d.recordedOn);
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
      return { disclosure: await services(ctx).disclosures.record(tx, unit, input, actOf(ctx)) };
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
  @FieldResolver(() => OrgUnit, {
    nullable: true,
    description: '村（社区） — the village that registered it; null when a work station collected it (see collectedBy)',
  })
  async village(@Root() x: VillageFeedback, @Ctx() ctx: Context) {
    const unit = await ctx.loaders.byId(OrgUnit).load(x.unitId);
    return unit && isVillage(unit) ? unit : null;
  }

  @FieldResolver(() => OrgUnit, {
    nullable: true,
    description: '收集单位 — who collected and registered it: a village or community branch, or a work station',
  })
  collectedBy(@Root() x: VillageFeedback, @Ctx() ctx: Context) {
    return ctx.loaders.byId(OrgUnit).load(x.unitId);
  }

  @FieldResolver(() => OrgUnit, {
    nullable: true,
    description: '上报至 — the committee a work station passed it up to (its township); null if not passed up',
  })
  passedTo(@Root() x: VillageFeedback, @Ctx() ctx: Context) {
    return x.passedToUnitId === null ? null : ctx.loaders.byId(OrgUnit).load(x.passedToUnitId);
  }

  @FieldResolver(() => OrgUnit, {
    nullable: true,
    description:
      '答复单位 — whose people answered it: the collector, or the committee it was passed up to; null if unanswered',
  })
  answeredBy(@Root() x: VillageFeedback, @Ctx() ctx: Context) {
    return x.answeredByUnitId === null ? null : ctx.loaders.byId(OrgUnit).load(x.answeredByUnitId);
  }

  @FieldResolver(() => Boolean, {
    description: "答复补录 — the reply was entered more than the policy's grace days after its declared day (flagged)",
  })
  replyRecordedLate(@Root() x: VillageFeedback, @Ctx() ctx: Context): boolean {
    return enteredLate(services(ctx).policy, x.repliedOn, x.replyRecordedOn);
  }

  @FieldResolver(() => DateScalar, {
    nullable: true,
    description:
      '答复认定日期 — the day the reply is judged by (on time or late): the declared day, or, when entered late and the policy says so, the day it was entered',
  })
  replyJudgedOn(@Root() x: VillageFeedback, @Ctx() ctx: Context): LocalDate | null {
    return x.repliedOn && judgedDay(services(ctx).policy, x.repliedOn, x.replyRecordedOn);
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

  @Mutation(() => VillageFeedbackPayload, {
    description:
      "意见登记 — register a villager's feedback: a village (意见登记簿) or a work station that collected it (收集社情民意)",
  })
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
          actOf(ctx),
        ),
      };
    });
  }

  @Mutation(() => VillageFeedbackPayload, {
    description:
      '答复 — record the answer given (事事有交待，件件有回音), once per feedback, by the unit holding it: the collector, or the committee a station passed it up to',
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
      await workOn(ctx, holderOf(feedback));
      return { feedback: await services(ctx).disclosures.reply(tx, feedback, input, actOf(ctx)) };
    });
  }

  @Mutation(() => VillageFeedbackPayload, {
    description:
      '意见上报 — a work station passes an opinion it collected up to the committee above it (its township), which answers it from then on (seed 000: 分门别类梳理汇总向基层党委反馈)',
  })
  passVillageFeedbackUp(
    @Ctx() ctx: Context,
    @Arg('input', { description: '上报 — the feedback passed up' }) input: PassVillageFeedbackUpInput,
  ): Promise<VillageFeedbackPayload> {
    return runMutation(ctx, input, async (tx) => {
      const feedback = await services(ctx).disclosures.lockFeedback(
        tx,
        inputId(input.feedbackId, 'VillageFeedback', ['input', 'feedbackId']),
      );
      const station = await workOn(ctx, feedback.unitId);
      const to = await services(ctx).disclosures.committeeAbove(tx, station);
      // The committee takes it up: the module must be on there too.
      await requireModule(ctx, to.id);
      return { feedback: await services(ctx).disclosures.passUp(tx, feedback, station, to, input, actOf(ctx)) };
    });
  }

  @Mutation(() => VillageFeedbackPayload, {
    description:
      '转问题清单 — raise feedback that needs solving as an issue of the unit holding it: the village, the station, or the committee it was passed up to (needs the issue-list module on there)',
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
      await workOn(ctx, holderOf(feedback));
      const port = await portFor<IssueListsPort>(ctx, ISSUE_LISTS, holderOf(feedback), ['input', 'feedbackId']);
      return {
        feedback: await services(ctx).disclosures.raiseIssue(tx, feedback, port, input.category, actOf(ctx)),
      };
    });
  }
}
