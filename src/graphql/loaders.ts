import DataLoader from 'dataloader';
import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryExpressionMap } from 'typeorm/query-builder/QueryExpressionMap';
import { RawSqlResultsToEntityTransformer } from 'typeorm/query-builder/transformer/RawSqlResultsToEntityTransformer';

/** The statement that reads an entity's rows by id, built once per entity: building it was a tenth of a read. */
const byIdStatements = new WeakMap<EntityMetadata, { sql: string; map: QueryExpressionMap }>();

/**
 * Per-request DataLoaders, created on first use and keyed by purpose (and arguments where a field
 * takes them), so every sibling asking the same question shares one batch and one statement.
 */
export class LoaderRegistry {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  /** `db` gives the request's current manager: the mutation's transaction while one runs. */
  constructor(private readonly db: () => EntityManager) {}

  get<K, V>(key: string, batch: (keys: readonly K[]) => Promise<(V | Error)[]>): DataLoader<K, V> {
    let loader = this.loaders.get(key);
    if (!loader) {
      loader = new DataLoader<K, V>(batch);
      this.loaders.set(key, loader);
    }
    return loader as DataLoader<K, V>;
  }

  /** Forgets everything loaded so far (after a mutation changed it). */
  clearAll(): void {
    this.loaders.clear();
  }

  /** Entities of one class by primary key; missing ones load as null. */
  byId<T extends ObjectLiteral>(entity: EntityTarget<T>): DataLoader<number, T | null> {
    const name = this.db().getRepository(entity).metadata.name;
    return this.get<number, T | null>(`byId:${name}`, async (ids) => {
      const manager = this.db();
      const repository = manager.getRepository<ObjectLiteral>(entity);
      let statement = byIdStatements.get(repository.metadata);
      if (!statement) {
        const qb = repository.createQueryBuilder('x').where('x.id = ANY(:ids)', { ids: [] });
        const [sql, parameters] = qb.getQueryAndParameters();
        if (parameters.length !== 1) throw new Error(`unexpected parameters for ${name} by id: ${sql}`);
        statement = { sql, map: qb.expressionMap };
        byIdStatements.set(repository.metadata, statement);
      }
      // The manager's own connection (a mutation's transaction), turned into entities as `getMany` does.
      const raw = (await manager.query(statement.sql, [[...ids]])) as ObjectLiteral[];
      const rows = new RawSqlResultsToEntityTransformer(statement.map, manager.connection.driver, []).transform(
        raw,
        statement.map.mainAlias!,
      );
      const byId = new Map(rows.map((r): [number, T] => [r.id, r as T]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  /**
   * The rows of an entity whose `column` holds a parent's id, for many parents in one statement
   * (a one-to-many field: a member's posts, a plan's items, an issue's timeline). `where` narrows
   * the rows; `order` sorts each parent's list.
   */
  hasMany<T extends ObjectLiteral>(
    entity: EntityTarget<T>,
    column: string,
    keyOf: (row: T) => number,
    o: { where?: string; order?: [string, 'ASC' | 'DESC'][] } = {},
  ): DataLoader<number, T[]> {
    const name = this.db().getRepository(entity).metadata.name;
    return this.get<number, T[]>(
      `hasMany:${name}:${column}:${o.where ?? ''}:${JSON.stringify(o.order ?? [])}`,
      async (ids) => {
        const qb = this.db()
          .getRepository(entity)
          .createQueryBuilder('x')
          .where(`x.${column} = ANY(:ids)${o.where ? ` AND (${o.where})` : ''}`, { ids });
        for (const [col, dir] of o.order ?? [['id', 'ASC']]) qb.addOrderBy(`x.${col}`, dir);
        return LoaderRegistry.group(ids, await qb.getMany(), keyOf);
      },
    );
  }

  /** Groups rows by a key into lists, for one-to-many fields. */
  static group<K, R>(keys: readonly K[], rows: R[], keyOf: (r: R) => K): R[][] {
    const map = new Map<K, R[]>();
    for (const r of rows) {
      const k = keyOf(r);
      const list = map.get(k);
      if (list) list.push(r);
      else map.set(k, [r]);
    }
    return keys.map((k) => map.get(k) ?? []);
  }
}

/** Stable key for a set of field arguments, so loaders batch only identical questions. */
export function argsKey(args: unknown): string {
  if (Array.isArray(args)) return `[${args.map(argsKey).join(',')}]`;
  if (args && typeof args === 'object') {
    const entries = Object.entries(args)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${argsKey(v)}`).join(',')}}`;
  }
  return JSON.stringify(args) ?? 'null';
}
