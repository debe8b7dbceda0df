import type { EntityTarget, ObjectLiteral } from 'typeorm';
import type { Context } from '../context';
import { pageIds, toPage, type IdPage, type ListSql, type Page, type PageRequest } from './connection';
import { argsKey } from './loaders';

/**
 * A connection hanging from a parent object, batched across siblings: every parent asking the same
 * field with the same arguments joins one `pageIds` statement, which reads the nodes' rows beside their ids.
 */
export async function loadConnection<T extends ObjectLiteral>(
  ctx: Context,
  entity: EntityTarget<T>,
  field: string,
  args: object,
  req: PageRequest,
  parentId: number,
  list: (parentIds: number[]) => ListSql,
): Promise<Page<T>> {
  const loader = ctx.loaders.get<number, IdPage>(`conn:${field}:${argsKey({ args, req })}`, async (ids) => {
    const pages = await pageIds(ctx.db, list([...ids]), req, [...ids], ctx.loaders.rowsBeside(entity));
    return ids.map((id) => pages.get(String(id))!);
  });
  const idPage = await loader.load(parentId);
  const nodes = await ctx.loaders.byId(entity).loadMany(idPage.ids);
  return toPage(idPage, nodes, req.after !== null);
}
