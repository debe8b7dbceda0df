import DataLoader from 'dataloader';
import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryExpressionMap } from 'typeorm/query-builder/QueryExpressionMap';
import { RawSqlResultsToEntityTransformer } from 'typeorm/query-builder/transformer/RawSqlResultsToEntityTransformer';

/**
 * How an entity's rows are read (alias `x`), built once per entity: building the statement was a tenth
 * of a read. `select` is the whole SELECT … FROM without a WHERE, to be narrowed by the caller.
 */
interface RowStatement {
  select: string;
  map: QueryExpressionMap;
}
const rowStatements = new WeakMap<EntityMetadata, RowStatement>();

function rowStatementOf(manager: EntityManager, entity: EntityTarget<ObjectLiteral>): RowStatement {
  const repository = manager.getRepository<ObjectLiteral>(entity);
  let statement = rowStatements.get(repository.metadata);
  if (!statement) {
    const qb = repository.createQueryBuilder('x');
    const [select, parameters] = qb.getQueryAndParameters();
    if (parameters.length !== 0)
      throw new Error(`unexpected parameters reading ${repository.metadata.name}: ${select}`);
    statement = { select, map: qb.expressionMap };
    rowStatements.set(repository.metadata, statement);
  }
  return statement;
}

/** Raw rows of a row statement (columns `x_…`) as entities, the way `getMany` makes them. */
function entitiesOf(manager: EntityManager, statement: RowStatement, raw: ObjectLiteral[]): ObjectLiteral[] {
  return new RawSqlResultsToEntityTransformer(statement.map, manager.connection.driver, []).transform(
    raw,
    statement.map.mainAlias!,
  );
}

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
      // The manager's own connection: a mutation's transaction while one runs.
      const manager = this.db();
      const statement = rowStatementOf(manager, entity);
      const raw = (await manager.query(`${statement.select} WHERE "x"."id" = ANY($1)`, [[...ids]])) as ObjectLiteral[];
      const byId = new Map(entitiesOf(manager, statement, raw).map((r): [number, T] => [r.id, r as T]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  /**
   * The rows of an entity to be read beside another statement's ids (a page of a connection): the
   * SELECT to join on `"x"."id"`, and what makes the joined raw rows (columns `x_…`) entities that
   * `byId` then answers without a statement of its own.
   */
  rowsBeside<T extends ObjectLiteral>(entity: EntityTarget<T>): { select: string; keep(raw: ObjectLiteral[]): void } {
    const manager = this.db();
    const statement = rowStatementOf(manager, entity);
    return {
      select: statement.select,
      keep: (raw) => {
        const loader = this.byId(entity);
        const rows = entitiesOf(
          manager,
          statement,
          raw.filter((r) => r.x_id !== null && r.x_id !== undefined),
        );
        for (const row of rows) loader.prime(row.id, row as T);
      },
    };
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
  if (args instanceof Date) return JSON.stringify(args.toISOString());
  if (args && typeof args === 'object') {
    const entries = Object.entries(args)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${argsKey(v)}`).join(',')}}`;
  }
  return JSON.stringify(args) ?? 'null';
}
