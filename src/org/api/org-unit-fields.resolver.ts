import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Int, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { ConnectionArgs, pageRequest } from '../../graphql/connection';
import { loadConnection } from '../../graphql/connection-loader';
import { AppError, ErrorCode } from '../../graphql/errors';
import { DateScalar, type LocalDate } from '../../graphql/scalars';
import { Member } from '../entities/member.entity';
import { OrgUnit } from '../entities/org-unit.entity';
import { OrgUnitPlacement } from '../entities/org-unit-placement.entity';
import { Post } from '../entities/post.entity';
import { OrgUnitKind, PostRole, REQUIRED_POSTS, Sector } from '../enums';
import { loadMemberStats } from '../services/member-stats.service';
import { birthDateView } from '../personal-data';
import {
  childrenList,
  descendantsList,
  MemberOrder,
  membersList,
  postsList,
  termsEndingList,
  missingPostsSql,
  vacanciesList,
  vacancyCountsSql,
  type VacancyCountRow,
} from '../services/org-lists';
import { MemberConnection, OrgUnitConnection, PostConnection } from './connections';
import { MemberFilterInput, MemberOrderBy } from './member.input';
import { OrgUnitOrderBy } from './org-unit.input';
import { MemberStats } from './member-stats.type';
import { VacancyCount } from './vacancy.type';
import { CORE_MESSAGES as M } from '../../messages/core';

/** More levels than any tree has (province → … → party group is 9); a bound, so `maxDepth` cannot overflow SQL. */
const MAX_TREE_DEPTH = 50;

/** The tree's own fields on OrgUnit; every list is batched across sibling units. */
@Resolver(() => OrgUnit)
export class OrgUnitFieldsResolver {
  @FieldResolver(() => OrgUnit, { nullable: true, description: '上级组织 — parent unit; null for a root' })
  parent(@Root() unit: OrgUnit, @Ctx() ctx: Context): Promise<OrgUnit | null> | null {
    return unit.parentId === null ? null : ctx.loaders.byId(OrgUnit).load(unit.parentId);
  }

  @FieldResolver(() => [OrgUnit], { description: '上级组织链 — all ancestors, root first' })
  async ancestors(@Root() unit: OrgUnit, @Ctx() ctx: Context): Promise<OrgUnit[]> {
    const loaded = await ctx.loaders.byId(OrgUnit).loadMany(unit.ancestorIds);
    return loaded.filter((u): u is OrgUnit => u instanceof OrgUnit);
  }

  @FieldResolver(() => OrgUnitConnection, {
    nullable: true,
    description: '下级组织 — direct sub-units, by code unless orderBy says otherwise',
  })
  children(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: ConnectionArgs,
    @Arg('kinds', () => [OrgUnitKind], { nullable: true, description: '组织类别 — only these kinds' })
    kinds?: OrgUnitKind[],
    @Arg('includeDissolved', { defaultValue: false, description: '含已撤销 — include dissolved units' })
    includeDissolved?: boolean,
    @Arg('orderBy', () => OrgUnitOrderBy, {
      nullable: true,
      description: '排序 — field and direction (default by code, ascending); a cursor holds its order',
    })
    orderBy?: OrgUnitOrderBy,
  ) {
    const filter = { kinds, includeDissolved };
    const order = orderBy ?? undefined;
    return loadConnection(ctx, OrgUnit, 'children', { filter, order }, pageRequest(page, info), unit.id, (ids) =>
      childrenList(ids, filter, order),
    );
  }

  @FieldResolver(() => OrgUnitConnection, {
    nullable: true,
    description: '所有下级组织 — every unit below this one, in tree order unless orderBy says otherwise',
  })
  descendants(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: ConnectionArgs,
    @Arg('kinds', () => [OrgUnitKind], { nullable: true, description: '组织类别 — only these kinds' })
    kinds?: OrgUnitKind[],
    @Arg('sectors', () => [Sector], { nullable: true, description: '领域 — only these sectors' }) sectors?: Sector[],
    @Arg('search', { nullable: true, description: '名称包含 — name, short name or code contains' }) search?: string,
    @Arg('maxDepth', () => Int, { nullable: true, description: '最大层数 — at most this many levels below' })
    maxDepth?: number,
    @Arg('includeDissolved', { defaultValue: false, description: '含已撤销 — include dissolved units' })
    includeDissolved?: boolean,
    @Arg('orderBy', () => OrgUnitOrderBy, {
      nullable: true,
      description: '排序 — field and direction (default tree order); a cursor holds its order',
    })
    orderBy?: OrgUnitOrderBy,
  ) {
    if (maxDepth != null && (maxDepth < 1 || maxDepth > MAX_TREE_DEPTH))
      throw new AppError(ErrorCode.BAD_USER_INPUT, M.treeDepth({ max: MAX_TREE_DEPTH, value: maxDepth }), {
        argument: 'maxDepth',
      });
    const filter = { kinds, sectors, search, maxDepth, includeDissolved };
    const order = orderBy ?? undefined;
    return loadConnection(ctx, OrgUnit, 'descendants', { filter, order }, pageRequest(page, info), unit.id, (ids) =>
      descendantsList(ids, filter, order),
    );
  }

  @FieldResolver(() => MemberConnection, {
    nullable: true,
    description: "党员 — members of this unit (a branch's, or a party group's), or of its whole subtree",
  })
  members(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: ConnectionArgs,
    @Arg('includeDescendants', { defaultValue: false, description: '含下级 — include members of every unit below' })
    includeDescendants: boolean,
    @Arg('filter', () => MemberFilterInput, { nullable: true, description: '筛选 — filters' })
    filter?: MemberFilterInput,
    @Arg('orderBy', () => MemberOrderBy, {
      nullable: true,
      description: '排序 — field and direction (default by name, ascending); a cursor holds its order',
    })
    orderBy?: MemberOrderBy,
  ) {
    const key = { includeDescendants, filter, orderBy };
    return loadConnection(ctx, Member, 'members', key, pageRequest(page, info), unit.id, (ids) =>
      membersList(
        ids,
        includeDescendants,
        filter ?? {},
        orderBy?.field ?? MemberOrder.NAME,
        ctx.today,
        birthDateView(ctx),
        orderBy?.direction,
      ),
    );
  }

  @FieldResolver(() => PostConnection, { description: '职务 — posts on this unit; current ones unless includeEnded' })
  posts(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: ConnectionArgs,
    @Arg('includeEnded', { defaultValue: false, description: '含已离任 — include ended posts' }) includeEnded: boolean,
    @Arg('roles', () => [PostRole], { nullable: true, description: '职务 — only these roles' }) roles?: PostRole[],
  ) {
    const key = { includeEnded, roles };
    return loadConnection(ctx, Post, 'posts', key, pageRequest(page, info), unit.id, (ids) =>
      postsList(ids, includeEnded, roles),
    );
  }

  @FieldResolver(() => MemberStats, {
    nullable: true,
    description: '党员统计 — member figures rolled up over this unit and everything under it',
  })
  memberStats(@Root() unit: OrgUnit, @Ctx() ctx: Context): Promise<MemberStats> {
    return ctx.loaders
      .get<number, MemberStats>('memberStats', (ids) => loadMemberStats(ctx.db, ids, ctx.today, birthDateView(ctx)))
      .load(unit.id);
  }

  @FieldResolver(() => OrgUnitConnection, {
    nullable: true,
    description:
      '职务空缺 — units here or below missing a post their kind requires: committees and branches with no current secretary, work stations with no current head or no full-time staff member (see missingPosts)',
  })
  vacancies(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: ConnectionArgs,
    @Arg('roles', () => [PostRole], {
      nullable: true,
      description: '职务 — only units missing one of these posts (default: any required post)',
    })
    roles?: PostRole[] | null,
  ) {
    return loadConnection(ctx, OrgUnit, 'vacancies', { roles }, pageRequest(page, info), unit.id, (ids) =>
      vacanciesList(ids, roles),
    );
  }

  @FieldResolver(() => [PostRole], {
    description:
      '缺配职务 — posts this unit’s kind requires with no current holder (a secretary; a station head and a full-time staff member); empty when none is missing or the unit is dissolved',
  })
  missingPosts(@Root() unit: OrgUnit, @Ctx() ctx: Context): Promise<PostRole[]> {
    return ctx.loaders
      .get<number, PostRole[]>('missingPosts', async (ids) => {
        const rows = await ctx.db.query<{ id: number; role: PostRole }[]>(
          `SELECT u.id, m.role FROM org_unit u CROSS JOIN LATERAL (${missingPostsSql('u')}) m WHERE u.id = ANY($1::int[])`,
          [[...ids]],
        );
        return ids.map((id) => rows.filter((r) => r.id === id).map((r) => r.role));
      })
      .load(unit.id);
  }

  @FieldResolver(() => [VacancyCount], {
    description:
      '职务空缺统计 — by kind of unit and required post, the units here or below (itself included) that need it and those where it is vacant',
  })
  vacancyCounts(@Root() unit: OrgUnit, @Ctx() ctx: Context): Promise<VacancyCount[]> {
    return ctx.loaders
      .get<number, VacancyCount[]>('vacancyCounts', async (ids) => {
        const rows = await ctx.db.query<VacancyCountRow[]>(vacancyCountsSql(), [[...ids]]);
        const order = (r: VacancyCountRow) => REQUIRED_POSTS.findIndex(([k, p]) => k === r.kind && p === r.role);
        return ids.map((id) =>
          rows
            .filter((r) => r.unit_id === id)
            .sort((a, b) => order(a) - order(b))
            .map((r) => ({ unitKind: r.kind, role: r.role, units: r.units, vacant: r.vacant })),
        );
      })
      .load(unit.id);
  }

  @FieldResolver(() => PostConnection, {
    nullable: true,
    description:
      '任期届满 — current posts here or below whose term ends before a day, soonest first (expired ones included: 换届 due)',
  })
  termsEnding(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: ConnectionArgs,
    // Not `before`: on a connection that is the cursor of backward paging (ConnectionArgs).
    @Arg('endingBefore', () => DateScalar, { description: '截止日期 — terms ending before this day' })
    endingBefore: LocalDate,
  ) {
    return loadConnection(ctx, Post, 'termsEnding', { endingBefore }, pageRequest(page, info), unit.id, (ids) =>
      termsEndingList(ids, endingBefore),
    );
  }

  @FieldResolver(() => [OrgUnitPlacement], {
    nullable: true,
    description: '隶属历史 — where the unit sat in the tree, period by period, oldest first',
  })
  history(@Root() unit: OrgUnit, @Ctx() ctx: Context): Promise<OrgUnitPlacement[]> {
    return ctx.loaders
      .hasMany(OrgUnitPlacement, 'unit_id', (p) => p.unitId, {
        order: [
          ['validFrom', 'ASC'],
          ['id', 'ASC'],
        ],
      })
      .load(unit.id);
  }

  @FieldResolver(() => OrgUnit, {
    nullable: true,
    description: '某日上级 — the parent on a given day (tree history); null for a root or before the unit existed',
  })
  async parentOn(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Arg('date', () => DateScalar, { description: '日期 — the day' }) date: LocalDate,
  ): Promise<OrgUnit | null> {
    const periods = await this.history(unit, ctx);
    const period = periods.find((p) => p.validFrom <= date && (p.validTo === null || p.validTo > date));
    return period?.parentId ? ctx.loaders.byId(OrgUnit).load(period.parentId) : null;
  }
}

@Resolver(() => OrgUnitPlacement)
export class OrgUnitPlacementFieldsResolver {
  @FieldResolver(() => OrgUnit, {
    nullable: true,
    description: '上级组织 — the parent during this period; null for a root',
  })
  parent(@Root() p: OrgUnitPlacement, @Ctx() ctx: Context) {
    return p.parentId === null ? null : ctx.loaders.byId(OrgUnit).load(p.parentId);
  }
}
