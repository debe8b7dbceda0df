import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, ID, Info, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { ConnectionArgs, pageRequest } from '../../graphql/connection';
import { loadConnection } from '../../graphql/connection-loader';
import { AppError, ErrorCode } from '../../graphql/errors';
import { decodeIntId } from '../../graphql/global-id';
import { inputId, optionalInputId } from '../../graphql/ids';
import { runMutation } from '../../graphql/mutation';
import { OrgUnit } from '../entities/org-unit.entity';
import { OrgUnitKind, Sector } from '../enums';
import { unitsList } from '../services/org-lists';
import { OrgUnitConnection } from './connections';
import {
  CreateOrgUnitInput,
  DissolveOrgUnitInput,
  MoveOrgUnitInput,
  OrgUnitOrderBy,
  UpdateOrgUnitInput,
} from './org-unit.input';
import { OrgUnitPayload } from './payloads';
import { readableUnit, requireUnit } from '../../auth/guard';
import { Permission } from '../../auth/roles';
import { CORE_MESSAGES as M } from '../../messages/core';

@Resolver(() => OrgUnit)
export class OrgUnitResolver {
  @Query(() => OrgUnit, {
    nullable: true,
    description: '党组织 — one unit by global id or by organisation code; null when not found',
  })
  async orgUnit(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { nullable: true, description: '全局标识 — global id' }) id?: string,
    @Arg('code', { nullable: true, description: '组织代码 — organisation code' }) code?: string,
  ): Promise<OrgUnit | null> {
    if ((id ? 1 : 0) + (code ? 1 : 0) !== 1)
      throw new AppError(ErrorCode.BAD_USER_INPUT, M.exactlyOneOf({ a: 'id', b: 'code' }));
    if (id) {
      const key = decodeIntId(id, 'OrgUnit');
      return key === null ? null : ctx.loaders.byId(OrgUnit).load(key);
    }
    // The access guard drops the unit when the viewer may not see it.
    return ctx.db.getRepository(OrgUnit).findOne({ where: { code } });
  }

  @Query(() => OrgUnitConnection, {
    description: '党组织列表 — units, optionally under one unit, filtered; by code unless orderBy says otherwise',
  })
  async orgUnits(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: ConnectionArgs,
    @Arg('under', () => ID, { nullable: true, description: '范围 — only units below this one' }) under?: string,
    @Arg('kinds', () => [OrgUnitKind], { nullable: true, description: '组织类别 — only these kinds' })
    kinds?: OrgUnitKind[],
    @Arg('sectors', () => [Sector], { nullable: true, description: '领域 — only these sectors' }) sectors?: Sector[],
    @Arg('search', { nullable: true, description: '名称包含 — name, short name or code contains' }) search?: string,
    @Arg('includeDissolved', { defaultValue: false, description: '含已撤销 — include dissolved units' })
    includeDissolved?: boolean,
    @Arg('orderBy', () => OrgUnitOrderBy, {
      nullable: true,
      description: '排序 — field and direction (default by code, ascending); a cursor holds its order',
    })
    orderBy?: OrgUnitOrderBy,
  ) {
    const underPath = under ? (await readableUnit(ctx, decodeIntId(under, 'OrgUnit'))).path : null;
    // Without `under`, the list is the viewer's own subtrees, counted in SQL so totalCount is true.
    const scope = underPath ? null : ctx.access.listScope(true);
    const filter = { kinds, sectors, search, includeDissolved };
    const order = orderBy ?? undefined;
    return loadConnection(
      ctx,
      OrgUnit,
      'orgUnits',
      { underPath, filter, scope, order },
      pageRequest(page, info),
      0,
      () => unitsList(underPath, filter, scope, order),
    );
  }

  @Mutation(() => OrgUnitPayload, {
    description:
      '新建党组织 — create a unit under a parent (kind rules apply: a work station only under a township or subdistrict committee, a party group only under a branch)',
  })
  createOrgUnit(
    @Ctx() ctx: Context,
    @Arg('input', { description: '新组织 — the unit' }) input: CreateOrgUnitInput,
  ): Promise<OrgUnitPayload> {
    return runMutation(ctx, input, async (tx) => {
      const parentId = optionalInputId(input.parentId, 'OrgUnit', ['input', 'parentId']);
      await requireUnit(ctx, parentId, Permission.ADMINISTER);
      return { orgUnit: await ctx.app.org.units.create(tx, { ...input, parentId }, ctx.today) };
    });
  }

  @Mutation(() => OrgUnitPayload, { description: "修改党组织 — change a unit's name, code, sector, dates or contacts" })
  updateOrgUnit(
    @Ctx() ctx: Context,
    @Arg('input', { description: '修改内容 — the changes' }) input: UpdateOrgUnitInput,
  ): Promise<OrgUnitPayload> {
    return runMutation(ctx, input, async (tx) => {
      const { id, version, ...changes } = input;
      const unitId = inputId(id, 'OrgUnit', ['input', 'id']);
      await requireUnit(ctx, unitId, Permission.ADMINISTER);
      return { orgUnit: await ctx.app.org.units.update(tx, unitId, version ?? undefined, changes, ctx.today) };
    });
  }

  @Mutation(() => OrgUnitPayload, {
    description:
      '调整隶属 — move a unit and its subtree under another parent, in one transaction; the old place stays in the history',
  })
  moveOrgUnit(
    @Ctx() ctx: Context,
    @Arg('input', { description: '调整内容 — the move' }) input: MoveOrgUnitInput,
  ): Promise<OrgUnitPayload> {
    return runMutation(ctx, input, async (tx) => {
      const id = inputId(input.id, 'OrgUnit', ['input', 'id']);
      const parentId = inputId(input.newParentId, 'OrgUnit', ['input', 'newParentId']);
      await requireUnit(ctx, id, Permission.ADMINISTER);
      await requireUnit(ctx, parentId, Permission.ADMINISTER);
      return { orgUnit: await ctx.app.org.units.move(tx, id, parentId, input.effectiveOn ?? ctx.today, ctx.today) };
    });
  }

  @Mutation(() => OrgUnitPayload, {
    description: '撤销党组织 — dissolve an empty unit; it is kept with its dissolution date',
  })
  dissolveOrgUnit(
    @Ctx() ctx: Context,
    @Arg('input', { description: '撤销内容 — the dissolution' }) input: DissolveOrgUnitInput,
  ): Promise<OrgUnitPayload> {
    return runMutation(ctx, input, async (tx) => {
      const id = inputId(input.id, 'OrgUnit', ['input', 'id']);
      await requireUnit(ctx, id, Permission.ADMINISTER);
      return { orgUnit: await ctx.app.org.units.dissolve(tx, id, input.dissolvedOn ?? ctx.today, ctx.today) };
    });
  }
}
