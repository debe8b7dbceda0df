import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import {
  checkDateRange,
  ConnectionArgs,
  ConnectionType,
  type Context,
  DateScalar,
  decodeIntId,
  loadConnection,
  type LocalDate,
  OrgUnit,
  pageRequest,
  readableUnit,
  requireModule,
  selectsField,
} from '#module-kit';
import { Inspection } from '../entities/inspection.entity';
import { Issue } from '../entities/issue.entity';
import { KeyRectification } from '../entities/key-rectification.entity';
import { HandlingLevel, IssueCategory, IssueStatus } from '../enums';
import { MODULE } from '../services';
import { IssueOrderBy } from './inputs';
import {
  closureList,
  inspectionsUnder,
  issueList,
  keyRectificationsUnder,
  loadInspectionCoverage,
  loadIssueStats,
  responsibilityList,
  unitIssueList,
} from '../services/lists';
import { InspectionCoverage, IssueStats, ResponsibilityEntry } from './figures.types';

export const IssueConnection = ConnectionType(Issue, 'Issue', '问题');
export const InspectionConnection = ConnectionType(Inspection, 'Inspection', '随机督导');
export const KeyRectificationConnection = ConnectionType(KeyRectification, 'KeyRectification', '重点整改');

async function underUnit(ctx: Context, under: string): Promise<OrgUnit> {
  const unit = await readableUnit(ctx, decodeIntId(under, 'OrgUnit'));
  await requireModule(ctx, unit.id, MODULE);
  return unit;
}

/** The three lists (问题清单·责任清单·销号清单) are views of the issues under a unit. */
@Resolver()
export class IssueListsResolver {
  @Query(() => IssueConnection, {
    description:
      '问题清单 — issues raised, handled or assigned under a unit, newest first unless orderBy says otherwise',
  })
  async issueList(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: ConnectionArgs,
    @Arg('under', () => ID, { description: '范围 — the unit' }) under: string,
    @Arg('statuses', () => [IssueStatus], { nullable: true, description: '状态 — only these' })
    statuses?: IssueStatus[],
    @Arg('categories', () => [IssueCategory], { nullable: true, description: '类别 — only these' })
    categories?: IssueCategory[],
    @Arg('levels', () => [HandlingLevel], {
      nullable: true,
      description: "办理层级 — only issues whose handling unit works on these levels' lists today",
    })
    levels?: HandlingLevel[],
    @Arg('overdue', () => Boolean, {
      nullable: true,
      description: '逾期 — true: only overdue; false: only not overdue',
    })
    overdue?: boolean,
    @Arg('orderBy', () => IssueOrderBy, {
      nullable: true,
      description: '排序 — field and direction (default newest first); a cursor holds its order',
    })
    orderBy?: IssueOrderBy,
  ) {
    const unit = await underUnit(ctx, under);
    const filter = { statuses, categories, levels, overdue };
    const order = orderBy ?? undefined;
    return loadConnection(
      ctx,
      Issue,
      'il:issueList',
      { path: unit.path, filter, order },
      pageRequest(page, info),
      0,
      () => issueList(unit.path, filter, ctx.today, order),
    );
  }

  @Query(() => [ResponsibilityEntry], {
    description:
      '责任清单 — open issues under a unit by responsible unit and person: open, overdue, oldest; most overdue first',
  })
  async responsibilityList(
    @Ctx() ctx: Context,
    @Arg('under', () => ID, { description: '范围 — the unit' }) under: string,
  ): Promise<ResponsibilityEntry[]> {
    const unit = await underUnit(ctx, under);
    const entries = await responsibilityList(ctx.db, unit.path, ctx.today);
    const units = await ctx.loaders.byId(OrgUnit).loadMany(entries.map((e) => e.unitId));
    return entries.map((e, i) => ({ ...e, unit: units[i] instanceof OrgUnit ? (units[i] as OrgUnit) : null }));
  }

  @Query(() => IssueConnection, {
    description: '销号清单 — issues under a unit crossed off in a period, with who confirmed them; most recent first',
  })
  async closureList(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: ConnectionArgs,
    @Arg('under', () => ID, { description: '范围 — the unit' }) under: string,
    @Arg('from', () => DateScalar, { description: '起始 — first day' }) from: LocalDate,
    @Arg('to', () => DateScalar, { description: '截止 — last day' }) to: LocalDate,
  ) {
    checkDateRange(from, to);
    const unit = await underUnit(ctx, under);
    return loadConnection(ctx, Issue, 'il:closureList', { path: unit.path, from, to }, pageRequest(page, info), 0, () =>
      closureList(unit.path, from, to),
    );
  }
}

/** What `OrgUnit.issues` lists when no status is asked: the issues still open. */
const OPEN = [IssueStatus.OPEN, IssueStatus.ASSIGNED, IssueStatus.IN_PROGRESS];

@Resolver(() => OrgUnit)
export class OrgUnitIssueFields {
  @FieldResolver(() => IssueConnection, {
    nullable: true,
    description:
      '本单位问题 — issues raised by, handled by or assigned to this unit (with includeDescendants, any unit under it), open ones unless statuses say otherwise, newest first unless orderBy says otherwise',
  })
  issues(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: ConnectionArgs,
    @Arg('includeDescendants', () => Boolean, {
      defaultValue: false,
      description: '含下级 — also the issues of every unit under this one (as issueList(under:) does)',
    })
    includeDescendants: boolean,
    @Arg('statuses', () => [IssueStatus], {
      nullable: true,
      description: '状态 — only these (default the open ones: OPEN, ASSIGNED, IN_PROGRESS)',
    })
    statuses?: IssueStatus[],
    @Arg('categories', () => [IssueCategory], { nullable: true, description: '类别 — only these' })
    categories?: IssueCategory[],
    @Arg('overdue', () => Boolean, {
      nullable: true,
      description: '逾期 — true: only overdue; false: only not overdue',
    })
    overdue?: boolean,
    @Arg('orderBy', () => IssueOrderBy, {
      nullable: true,
      description: '排序 — field and direction (default newest first); a cursor holds its order',
    })
    orderBy?: IssueOrderBy,
  ) {
    const filter = { statuses: statuses?.length ? statuses : OPEN, categories, overdue };
    const order = orderBy ?? undefined;
    return loadConnection(
      ctx,
      Issue,
      'il:unitIssues',
      { filter, order, includeDescendants },
      pageRequest(page, info),
      unit.id,
      (ids) => unitIssueList(ids, includeDescendants, filter, ctx.today, order),
    );
  }

  @FieldResolver(() => IssueStats, {
    nullable: true,
    description:
      '问题统计 — issues under this unit over a period: raised, resolved, closed, awaiting confirmation, overdue now, median days to close, and by the level of the list each was solved on',
  })
  issueStats(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Arg('from', () => DateScalar, { description: '起始 — first day' }) from: LocalDate,
    @Arg('to', () => DateScalar, { description: '截止 — last day' }) to: LocalDate,
    @Info() info: GraphQLResolveInfo,
  ) {
    checkDateRange(from, to);
    // Awaiting confirmation, the median and the levels read the finer roll-up: only when asked.
    const detail = ['awaitingConfirmation', 'medianDaysToClose', 'resolvedByLevel'].some((f) => selectsField(info, f));
    return ctx.loaders
      .get<number, IssueStats>(`il:stats:${from}:${to}:${detail}`, (ids) =>
        loadIssueStats(ctx.db, ids, from, to, ctx.today, detail),
      )
      .load(unit.id);
  }

  @FieldResolver(() => [Inspection], {
    nullable: true,
    description: '随机督导 — inspections of this unit itself, newest first (under it: inspectionsUnder)',
  })
  inspections(@Root() unit: OrgUnit, @Ctx() ctx: Context): Promise<Inspection[]> {
    return ctx.loaders
      .hasMany(Inspection, 'unit_id', (s) => s.unitId, {
        order: [
          ['inspectedOn', 'DESC'],
          ['id', 'DESC'],
        ],
      })
      .load(unit.id);
  }

  @FieldResolver(() => InspectionConnection, {
    nullable: true,
    description:
      '辖区随机督导 — inspections in a period of this unit and of every unit under it (as placed on the inspection day), newest first',
  })
  inspectionsUnder(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: ConnectionArgs,
    @Arg('from', () => DateScalar, { description: '起始 — first day' }) from: LocalDate,
    @Arg('to', () => DateScalar, { description: '截止 — last day' }) to: LocalDate,
  ) {
    checkDateRange(from, to);
    return loadConnection(
      ctx,
      Inspection,
      'il:inspectionsUnder',
      { from, to },
      pageRequest(page, info),
      unit.id,
      (ids) => inspectionsUnder(ids, from, to),
    );
  }

  @FieldResolver(() => InspectionCoverage, {
    nullable: true,
    description:
      '督导覆盖 — inspections under this unit in a period: how many, townships and villages inspected of all, villages marked and under key rectification',
  })
  inspectionCoverage(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Arg('from', () => DateScalar, { description: '起始 — first day' }) from: LocalDate,
    @Arg('to', () => DateScalar, { description: '截止 — last day' }) to: LocalDate,
  ) {
    checkDateRange(from, to);
    return ctx.loaders
      .get<number, InspectionCoverage>(`il:coverage:${from}:${to}`, (ids) =>
        loadInspectionCoverage(ctx.db, ids, from, to),
      )
      .load(unit.id);
  }

  @FieldResolver(() => KeyRectificationConnection, {
    nullable: true,
    description:
      '辖区重点整改 — key-rectification marks on this unit and units under it in force at some time in a period (marked by its last day, not unmarked before its first), newest first',
  })
  keyRectificationsUnder(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: ConnectionArgs,
    @Arg('from', () => DateScalar, { description: '起始 — first day' }) from: LocalDate,
    @Arg('to', () => DateScalar, { description: '截止 — last day' }) to: LocalDate,
  ) {
    checkDateRange(from, to);
    return loadConnection(
      ctx,
      KeyRectification,
      'il:keyRectificationsUnder',
      { from, to },
      pageRequest(page, info),
      unit.id,
      (ids) => keyRectificationsUnder(ids, from, to),
    );
  }

  @FieldResolver(() => KeyRectification, {
    nullable: true,
    description: '重点整改 — the current key-rectification mark, if any',
  })
  keyRectification(@Root() unit: OrgUnit, @Ctx() ctx: Context): Promise<KeyRectification | null> {
    return ctx.loaders
      .get<number, KeyRectification | null>('il:keyRectification', async (ids) => {
        const rows = await ctx.db
          .getRepository(KeyRectification)
          .createQueryBuilder('k')
          .where('k.unit_id = ANY(:ids) AND k.unmarked_on IS NULL', { ids })
          .getMany();
        return ids.map((id) => rows.find((r) => r.unitId === id) ?? null);
      })
      .load(unit.id);
  }
}
