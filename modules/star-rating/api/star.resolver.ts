import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import {
  Account,
  actOf,
  type Context,
  ErrorCode,
  fromGlobalId,
  inputId,
  Member,
  optionalInputId,
  OrgUnit,
  OrgUnitKind,
  Permission,
  refuse,
  requireModule,
  requireUnit,
  runMutation,
  unitFromInput,
  coreMessages,
  coreLabels,
} from '#module-kit';
import { StarEntry } from '../entities/entry.entity';
import { ModelStar } from '../entities/model-star.entity';
import { StarCriterion, StarScheme } from '../entities/scheme.entity';
import { SubjectType } from '../enums';
import { services } from '../services';
import { confirmModelStar, countyOf } from '../services/model-star';
import {
  ConfirmModelStarInput,
  CreateStarSchemeInput,
  FixStarGradesInput,
  FixStarGradesPayload,
  ModelStarPayload,
  RecordStarEntryInput,
  StarEntryActionInput,
  StarEntryPayload,
  StarSchemePayload,
} from './types';
import { STAR_LABELS as SL, STAR_MESSAGES as S } from '../messages';

const COMMITTEE_KINDS = [
  OrgUnitKind.GRASSROOTS_COMMITTEE,
  OrgUnitKind.TOWNSHIP_COMMITTEE,
  OrgUnitKind.SUBDISTRICT_COMMITTEE,
];

/** A subject by its global id: a member (vanguard star), a branch (fortress star) or a committee (service star). */
async function subjectOf(ctx: Context, id: string) {
  const parsed = fromGlobalId(id);
  if (parsed?.type === 'Member') {
    const member = await ctx.loaders.byId(Member).load(inputId(id, 'Member', ['input', 'subjectId']));
    const unit = member && (await ctx.loaders.byId(OrgUnit).load(member.branchId));
    if (!member || !unit)
      refuse(ErrorCode.NOT_FOUND, coreMessages.notFound({ what: coreLabels.member }), ['input', 'subjectId']);
    return { type: SubjectType.MEMBER, id: member.id, unit, member };
  }
  const unit = await ctx.loaders.byId(OrgUnit).load(inputId(id, 'OrgUnit', ['input', 'subjectId']));
  if (!unit) refuse(ErrorCode.NOT_FOUND, coreMessages.notFound({ what: coreLabels.unit }), ['input', 'subjectId']);
  if (unit.kind === OrgUnitKind.BRANCH) return { type: SubjectType.BRANCH, id: unit.id, unit };
  if (COMMITTEE_KINDS.includes(unit.kind)) return { type: SubjectType.COMMITTEE, id: unit.id, unit };
  refuse(ErrorCode.BAD_USER_INPUT, S.starsFor(), ['input', 'subjectId']);
}

/** Entries are confirmed by the level above the subject's unit. */
async function entryForConfirmer(ctx: Context, tx: EntityManager, entryId: string) {
  const entry = await tx.findOne(StarEntry, {
    where: { id: inputId(entryId, 'StarEntry', ['input', 'entryId']) },
    lock: { mode: 'pessimistic_write' },
  });
  if (!entry) refuse(ErrorCode.NOT_FOUND, coreMessages.notFound({ what: SL.entry }), ['input', 'entryId']);
  // Recorded by the subject's unit (a member's branch), confirmed by the level above that unit.
  const unit = await ctx.loaders.byId(OrgUnit).load(entry.subjectUnitId);
  await requireUnit(ctx, unit?.parentId ?? null, Permission.MODULE_WORK);
  await requireModule(ctx, entry.subjectUnitId);
  return entry;
}

@Resolver(() => StarScheme)
export class StarSchemeResolver {
  @FieldResolver(() => OrgUnit, { nullable: true, description: '制定单位 — the adopting unit' })
  unit(@Root() s: StarScheme, @Ctx() ctx: Context) {
    return ctx.loaders.byId(OrgUnit).load(s.unitId);
  }

  @FieldResolver(() => [StarCriterion], { description: '评星项 — the criteria' })
  criteria(@Root() s: StarScheme, @Ctx() ctx: Context) {
    return ctx.loaders.hasMany(StarCriterion, 'scheme_id', (c) => c.schemeId, { order: [['code', 'ASC']] }).load(s.id);
  }

  @Mutation(() => StarSchemePayload, {
    description: '制定创星方案 — adopt a scheme for a unit and its subtree, new or copied (e.g. from the default)',
  })
  createStarScheme(
    @Ctx() ctx: Context,
    @Arg('input', { description: '方案 — the scheme' }) input: CreateStarSchemeInput,
  ): Promise<StarSchemePayload> {
    return runMutation(ctx, input, async (tx) => {
      const unit = await unitFromInput(ctx, input.unitId, Permission.ADMINISTER);
      const copyId = optionalInputId(input.copyFromId, 'StarScheme', ['input', 'copyFromId']);
      const from = copyId === null ? null : await tx.findOne(StarScheme, { where: { id: copyId } });
      // A scheme is copied by those who may read it: readers of its adopting unit, or a unit it grades.
      const source = from && (await ctx.loaders.byId(OrgUnit).load(from.unitId));
      const readable = !!source && (ctx.access.canRead(source) || unit.path.startsWith(source.path));
      if (copyId !== null && (!from || !readable))
        refuse(ErrorCode.NOT_FOUND, coreMessages.notFound({ what: SL.scheme }), ['input', 'copyFromId']);
      return {
        scheme: await services(ctx).stars.createScheme(tx, unit, { ...input, criteria: input.criteria ?? [] }, from),
      };
    });
  }
}

@Resolver(() => StarEntry)
export class StarEntryResolver {
  @FieldResolver(() => StarCriterion, { description: '评星项 — the criterion' })
  criterion(@Root() e: StarEntry, @Ctx() ctx: Context) {
    return ctx.loaders.byId(StarCriterion).load(e.criterionId);
  }

  @FieldResolver(() => Account, {
    nullable: true,
    description: '记录人 — the account that recorded it (accounts are shown to administrators)',
  })
  recordedBy(@Root() e: StarEntry, @Ctx() ctx: Context) {
    return e.recordedBy === null ? null : ctx.loaders.byId(Account).load(e.recordedBy);
  }

  @FieldResolver(() => StarEntry, {
    nullable: true,
    description: '更正对象 — the entry this one reverses (a correction)',
  })
  corrects(@Root() e: StarEntry, @Ctx() ctx: Context) {
    return e.correctsId === null ? null : ctx.loaders.byId(StarEntry).load(e.correctsId);
  }

  @Mutation(() => StarEntryPayload, {
    description: '记分 — record work and its points in the score book (记分手册); it counts once confirmed',
  })
  recordStarEntry(
    @Ctx() ctx: Context,
    @Arg('input', { description: '记分 — the entry' }) input: RecordStarEntryInput,
  ): Promise<StarEntryPayload> {
    return runMutation(ctx, input, async (tx) => {
      const subject = await subjectOf(ctx, input.subjectId);
      await requireUnit(ctx, subject.unit.id, Permission.MODULE_WORK);
      const criterion = await ctx.loaders
        .byId(StarCriterion)
        .load(inputId(input.criterionId, 'StarCriterion', ['input', 'criterionId']));
      if (!criterion)
        refuse(ErrorCode.NOT_FOUND, coreMessages.notFound({ what: SL.criterion }), ['input', 'criterionId']);
      return { entry: await services(ctx).stars.record(tx, subject, criterion, input, actOf(ctx)) };
    });
  }

  @Mutation(() => StarEntryPayload, {
    description: '确认记分 — the level above confirms an entry; only confirmed entries count',
  })
  confirmStarEntry(
    @Ctx() ctx: Context,
    @Arg('input', { description: '记分 — the entry' }) input: StarEntryActionInput,
  ): Promise<StarEntryPayload> {
    return runMutation(ctx, input, async (tx) => ({
      entry: await services(ctx).stars.confirm(tx, await entryForConfirmer(ctx, tx, input.entryId), actOf(ctx)),
    }));
  }

  @Mutation(() => StarEntryPayload, {
    description:
      '更正记分 — a confirmed entry is never edited: record a correction that reverses it (to be confirmed), then record the right entry',
  })
  correctStarEntry(
    @Ctx() ctx: Context,
    @Arg('input', { description: '更正 — the entry and why' }) input: StarEntryActionInput,
  ): Promise<StarEntryPayload> {
    return runMutation(ctx, input, async (tx) => {
      const entry = await tx.findOne(StarEntry, {
        where: { id: inputId(input.entryId, 'StarEntry', ['input', 'entryId']) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!entry) refuse(ErrorCode.NOT_FOUND, coreMessages.notFound({ what: SL.entry }), ['input', 'entryId']);
      await requireUnit(ctx, entry.subjectUnitId, Permission.MODULE_WORK);
      return { entry: await services(ctx).stars.correct(tx, entry, input.reason ?? '', actOf(ctx)) };
    });
  }

  @Mutation(() => FixStarGradesPayload, {
    description:
      '季度定星 — fix the official grades of a quarter after it ends (季有晋星), for the subjects under a unit where star rating is on; grades fixed before are kept, and entries for the quarter are refused from then on',
  })
  async fixStarGrades(
    @Ctx() ctx: Context,
    @Arg('input', { description: '定星 — which subjects and quarter' }) input: FixStarGradesInput,
  ): Promise<FixStarGradesPayload> {
    const result = await runMutation(ctx, input, async (tx) => {
      if (input.quarter < 1 || input.quarter > 4)
        refuse(ErrorCode.BAD_USER_INPUT, S.quarterRange(), ['input', 'quarter']);
      const unit = await unitFromInput(ctx, input.unitId, Permission.MODULE_WORK);
      return await services(ctx).stars.fixQuarter(tx, unit, input.subjectType, input.year, input.quarter, actOf(ctx));
    });
    return { ...result, fixed: result.fixed ?? 0, pendingLeftOut: result.pendingLeftOut ?? 0 };
  }
}

@Resolver(() => ModelStar)
export class ModelStarResolver {
  @FieldResolver(() => OrgUnit, { nullable: true, description: '对象 — the branch or committee designated' })
  subject(@Root() m: ModelStar, @Ctx() ctx: Context) {
    return ctx.loaders.byId(OrgUnit).load(m.subjectId);
  }

  @FieldResolver(() => OrgUnit, { nullable: true, description: '确认县委 — the county that confirmed it' })
  county(@Root() m: ModelStar, @Ctx() ctx: Context) {
    return ctx.loaders.byId(OrgUnit).load(m.countyId);
  }

  @FieldResolver(() => Account, {
    nullable: true,
    description: '确认人 — the account that confirmed it (accounts are shown to administrators)',
  })
  confirmedBy(@Root() m: ModelStar, @Ctx() ctx: Context) {
    return m.confirmedBy === null ? null : ctx.loaders.byId(Account).load(m.confirmedBy);
  }

  @Mutation(() => ModelStarPayload, {
    description:
      '确认示范星 — the county confirms, after the year ends, a model star (示范星) the policy rule proposes for a branch or committee under it, with its reasons',
  })
  confirmModelStar(
    @Ctx() ctx: Context,
    @Arg('input', { description: '示范星 — which unit, which year, and why' }) input: ConfirmModelStarInput,
  ): Promise<ModelStarPayload> {
    return runMutation(ctx, input, async (tx) => {
      const subject = await ctx.loaders.byId(OrgUnit).load(inputId(input.subjectId, 'OrgUnit', ['input', 'subjectId']));
      if (!subject)
        refuse(ErrorCode.NOT_FOUND, coreMessages.notFound({ what: coreLabels.unit }), ['input', 'subjectId']);
      const type =
        subject.kind === OrgUnitKind.BRANCH
          ? SubjectType.BRANCH
          : COMMITTEE_KINDS.includes(subject.kind)
            ? SubjectType.COMMITTEE
            : null;
      if (!type) refuse(ErrorCode.BAD_USER_INPUT, S.modelStarsForCommittees(), ['input', 'subjectId']);
      if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100)
        refuse(ErrorCode.BAD_USER_INPUT, S.yearRange(), ['input', 'year']);
      const chain = (
        await ctx.loaders.byId(OrgUnit).loadMany(subject.path.split('/').filter(Boolean).map(Number))
      ).filter((u): u is OrgUnit => u instanceof OrgUnit);
      const county = countyOf(chain.slice(0, -1));
      if (!county) refuse(ErrorCode.BAD_USER_INPUT, S.noCountyAbove({ subject: subject.name }), ['input', 'subjectId']);
      // Confirmed by the county: module work there; the subject's own unit must have star rating on too.
      await requireUnit(ctx, county.id, Permission.MODULE_WORK);
      await requireModule(ctx, subject.id);
      return {
        modelStar: await confirmModelStar(
          tx,
          services(ctx).policy,
          subject,
          type,
          county,
          input.year,
          input.note,
          actOf(ctx),
        ),
      };
    });
  }
}
