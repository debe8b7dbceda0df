import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { AppError, ErrorCode } from './errors';
import { fromGlobalId } from './global-id';
import { Node } from './node';
import { CORE_MESSAGES as M } from '../messages/core';

const MAX_NODES = 100;

@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description: '按标识取对象 — any object by its global id; null when it does not exist or is not visible',
  })
  node(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { description: '全局标识 — global id' }) id: string,
  ): Promise<Node | null> {
    return loadNode(ctx, id);
  }

  @Query(() => [Node], {
    nullable: 'items',
    description: '按标识批量取对象 — up to 100 objects by global id, in the same order; null for each one not found',
  })
  nodes(
    @Ctx() ctx: Context,
    @Arg('ids', () => [ID], { description: '全局标识列表 — global ids' }) ids: string[],
  ): Promise<(Node | null)[]> {
    if (ids.length > MAX_NODES)
      throw new AppError(ErrorCode.BAD_USER_INPUT, M.tooManyIds({ max: MAX_NODES, value: ids.length }));
    return Promise.all(ids.map((id) => loadNode(ctx, id)));
  }
}

/** Any Node by its global id, as `node(id)` resolves it (modules use it to follow opaque references). */
export async function loadNode(ctx: Context, id: string): Promise<Node | null> {
  const parsed = fromGlobalId(id);
  const entity = parsed && ctx.app.nodeTypes.get(parsed.type);
  if (!parsed || !entity || !/^[1-9][0-9]{0,9}$/.test(parsed.key) || Number(parsed.key) > 2147483647) return null;
  return ctx.loaders.byId<Node>(entity).load(Number(parsed.key));
}
