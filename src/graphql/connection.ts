import { createHash } from 'node:crypto';
import { Kind, type GraphQLResolveInfo, type SelectionNode } from 'graphql';
import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import type { ClassType } from 'type-graphql';
import { Max, Min } from 'class-validator';
import { AppError, ErrorCode } from './errors';
import { describeEnum } from './enum';
import { CORE_MESSAGES as M } from '../messages/core';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: '每页条数 — page size, 1–100 (default 20)' })
  @Min(1, { message: `must be between 1 and ${MAX_PAGE_SIZE}, got $value` })
  @Max(MAX_PAGE_SIZE, { message: `must be between 1 and ${MAX_PAGE_SIZE}, got $value` })
  first?: number;

  @Field({ nullable: true, description: '游标 — return the items after this cursor (an `endCursor` or edge `cursor`)' })
  after?: string;

  @Field(() => Int, {
    nullable: true,
    description:
      '末尾条数 — page size counted back from the end (or from `before`), 1–100; with `before`, not with `first`',
  })
  @Min(1, { message: `must be between 1 and ${MAX_PAGE_SIZE}, got $value` })
  @Max(MAX_PAGE_SIZE, { message: `must be between 1 and ${MAX_PAGE_SIZE}, got $value` })
  last?: number;

  @Field({
    nullable: true,
    description:
      '之前游标 — return the items before this cursor (a `startCursor` or edge `cursor`), for paging backwards',
  })
  before?: string;
}

/** Ascending or descending, for every `orderBy`. */
export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
describeEnum(
  SortDirection,
  'SortDirection',
  '排序方向 — ascending or descending (ties broken by record id, same direction)',
  {
    ASC: '升序 — smallest, earliest or alphabetically first at the start',
    DESC: '降序 — largest, latest or alphabetically last at the start',
  },
);

@ObjectType({ description: '分页信息 — where this page sits in the list' })
export class PageInfo {
  @Field({
    description:
      '有下一页 — items follow this page (forwards: more items after it; backwards: a `before` cursor was given)',
  })
  hasNextPage: boolean;

  @Field({
    description:
      '有上一页 — items precede this page (forwards: an `after` cursor was given; backwards: more items before it)',
  })
  hasPreviousPage: boolean;

  @Field(() => String, {
    nullable: true,
    description: '首项游标 — cursor of the first item on this page; pass it as `before` for the previous page',
  })
  startCursor: string | null;

  @Field(() => String, {
    nullable: true,
    description: '末项游标 — cursor of the last item; pass it as `after` for the next page',
  })
  endCursor: string | null;
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Builds `XConnection` and `XEdge` object types for a node type (type-graphql's generic-type pattern). */
export function ConnectionType<T extends object>(nodeType: ClassType<T>, name: string, chineseTerm: string) {
  @ObjectType(`${name}Edge`, {
    description: `${chineseTerm}条目 — an edge of the ${name} list: one item and its cursor`,
  })
  class Edge {
    @Field({ description: '游标 — opaque position of this item in its list and order, usable as `after` or `before`' })
    cursor: string;

    @Field(() => nodeType, { description: `${chineseTerm} — the item` })
    node: T;
  }

  @ObjectType(`${name}Connection`, { description: `${chineseTerm}列表 — a page of ${name} items (Relay connection)` })
  class Connection {
    @Field(() => [Edge], { description: '边 — the items of this page with their cursors' })
    edges: Edge[];

    @Field(() => [nodeType], { description: '条目 — the items of this page, without cursors' })
    nodes: T[];

    @Field(() => PageInfo, { description: '分页信息 — page position' })
    pageInfo: PageInfo;

    @Field(() => Int, { description: '总数 — number of items in the whole list, ignoring paging' })
    totalCount: number;
  }
  return Connection;
}

/** A validated page request: `first` items after `after`, or (backward) `first` items before `before`. */
export interface PageRequest {
  /** The page size, whichever end it counts from (`first`, or `last` when backward). */
  first: number;
  after: unknown[] | null;
  /** Backward paging (`last`/`before`): the items just before `before`, or the last items of the list. */
  backward?: boolean;
  before?: unknown[] | null;
  withTotal: boolean;
}

export function pageRequest(args: ConnectionArgs, info?: GraphQLResolveInfo): PageRequest {
  const backward = args.last != null || args.before != null;
  if (backward && (args.first != null || args.after != null))
    throw new AppError(ErrorCode.BAD_USER_INPUT, M.pagingBothWays(), {
      argument: args.first != null ? 'first' : 'after',
    });
  const argument = backward ? 'last' : 'first';
  const size = (backward ? args.last : args.first) ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, M.pageSize({ argument, max: MAX_PAGE_SIZE, value: size }), {
      argument,
    });
  }
  return {
    first: size,
    after: args.after ? decodeCursor(args.after, 'after') : null,
    backward,
    before: args.before ? decodeCursor(args.before, 'before') : null,
    withTotal: info ? selectsField(info, 'totalCount') : true,
  };
}

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, argument: 'after' | 'before'): unknown[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(values) &&
      values.length > 0 &&
      values.length <= 10 &&
      values.every(
        (v) =>
          (typeof v === 'string' && v.length <= 1000 && !v.includes('\u0000')) ||
          (typeof v === 'number' && Number.isFinite(v)),
      )
    )
      return values;
  } catch {
    /* fall through */
  }
  throw new AppError(ErrorCode.BAD_USER_INPUT, M.badCursor({ argument }), { argument });
}

/** True when the selection of the current field asks for `name` directly (fragments included). */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const visit = (selections: readonly SelectionNode[]): boolean =>
    selections.some((s) => {
      if (s.kind === Kind.FIELD) return s.name.value === name;
      if (s.kind === Kind.INLINE_FRAGMENT) return visit(s.selectionSet.selections);
      return visit(info.fragments[s.name.value]?.selectionSet.selections ?? []); // a fragment spread
    });
  return info.fieldNodes.some((node) => node.selectionSet && visit(node.selectionSet.selections));
}

/**
 * What a list is, in SQL. `from` is a FROM … WHERE … clause whose placeholders are $1…$n of `params`.
 * `partition` names the parent a row belongs to (a constant for a root list); `sort` are non-null
 * expressions ending with a unique key, all in one direction (ascending, or all descending with
 * `descending`), so a row comparison is a valid keyset.
 */
export interface ListSql {
  partition: string;
  id: string;
  sort: string[];
  descending?: boolean;
  from: string;
  params: unknown[];
}

export interface IdPage {
  ids: number[];
  cursors: string[];
  hasNextPage: boolean;
  /** Set by pageIds; a page built elsewhere leaves it to toPage's `hasPrevious`. */
  hasPreviousPage?: boolean;
  totalCount: number;
}

/**
 * The order a cursor was made in, carried as its first value: a cursor of one order is refused under
 * another (its values would compare against other keys), instead of paging from a wrong place.
 */
function orderTag(list: ListSql): string {
  return createHash('sha256')
    .update(`${list.sort.join('\u0000')}|${list.descending ? 'DESC' : 'ASC'}`)
    .digest('base64url')
    .slice(0, 8);
}

/** A connection or transaction; `R` is the shape of a row as the statement returns it. */
export interface SqlRunner {
  query<R = unknown>(sql: string, params?: unknown[]): Promise<R[]>;
}

/** A row of the page statement: its partition, id, partition total, and sort values `s0`, `s1`, … */
interface PageRow extends Record<string, unknown> {
  part: number | string;
  id: number | string;
  /** A bigint (count), sent as text; 0 when the total was not asked for. */
  total: string | number;
}

/**
 * One statement returns a page of ids for every partition: window functions number the rows per
 * partition after the cursor and count the whole partition before it. So a nested connection asked
 * of many parents costs one statement, not one per parent.
 */
export async function pageIds(
  db: SqlRunner,
  list: ListSql,
  req: PageRequest,
  partitions: (number | string)[],
  /**
   * The rows of the ids read in the same statement (a SELECT … FROM … "x" to join on `"x"."id"`), handed
   * to `keep` as raw rows: a connection's page and its nodes in one round trip instead of two.
   */
  beside?: { select: string; keep(raw: Record<string, unknown>[]): void },
): Promise<Map<string, IdPage>> {
  const n = list.params.length;
  const params = [...list.params];
  const sortCols = list.sort.map((_, i) => `s${i}`);
  const cols = sortCols.map((c, i) => `${list.sort[i]} AS ${c}`).join(', ');
  const tag = orderTag(list);
  // Backwards, the list is read from the other end: the rows just before `before`, nearest first.
  const backward = req.backward === true;
  const cursor = backward ? (req.before ?? null) : req.after;
  const argument = backward ? 'before' : 'after';
  const scanDescending = (list.descending === true) !== backward;
  const direction = scanDescending ? 'DESC' : 'ASC';
  let cursorFilter = '';
  if (cursor) {
    const [cursorTag, ...values] = cursor;
    if (cursorTag !== tag || values.length !== sortCols.length)
      throw new AppError(ErrorCode.BAD_USER_INPUT, M.cursorOfOtherOrder({ argument }), { argument });
    params.push(...values);
    cursorFilter = `WHERE (${sortCols.join(', ')}) ${scanDescending ? '<' : '>'} (${values.map((_, i) => `$${n + i + 1}`).join(', ')})`;
  }
  params.push(req.first + 1);
  const limitParam = `$${params.length}`;
  const total = req.withTotal ? `count(*) OVER (PARTITION BY part)` : '0';
  const ordered = sortCols.map((c) => `${c} ${direction}`).join(', ');
  // One parent without its total (the pages after the first of an export, a front end's "more"): a plain
  // ORDER BY … LIMIT, which PostgreSQL answers with a top-N sort instead of numbering every later row.
  const single = partitions.length === 1 && !req.withTotal;
  const page = single
    ? `
    SELECT part, id, 0 AS total, ${sortCols.join(', ')}
    FROM (SELECT ${list.partition} AS part, ${list.id} AS id, ${cols} ${list.from}) base
    ${cursorFilter}
    ORDER BY ${ordered}
    LIMIT ${limitParam}`
    : `
    SELECT part, id, total, ${sortCols.join(', ')}, rn FROM (
      SELECT base.*, row_number() OVER (PARTITION BY part ORDER BY ${ordered}) AS rn
      FROM (SELECT b.*, ${total} AS total FROM (SELECT ${list.partition} AS part, ${list.id} AS id, ${cols} ${list.from}) b) base
      ${cursorFilter}
    ) ranked
    WHERE rn <= ${limitParam}
    ORDER BY part, rn`;
  // Each id's row by its primary key beside the page, in the page's order.
  const sql = beside
    ? `SELECT page.*, x.* FROM (${page}) page
       LEFT JOIN LATERAL (${beside.select} WHERE "x"."id" = page.id) x ON true
       ORDER BY ${single ? ordered : 'part, rn'}`
    : page;
  const rows = await db.query<PageRow>(sql, params).catch((err: unknown) => {
    // A cursor of another list (or a forged one) whose values do not fit this list's sort keys:
    // PostgreSQL refuses to compare them (a data exception, SQLSTATE class 22).
    const code =
      (err as { code?: string; driverError?: { code?: string } })?.driverError?.code ??
      (err as { code?: string })?.code;
    if (cursor && code?.startsWith('22'))
      throw new AppError(ErrorCode.BAD_USER_INPUT, M.badCursor({ argument }), { argument });
    throw err;
  });
  beside?.keep(rows);
  const pages = new Map<string, IdPage>();
  // `more`: a row beyond the page in the direction read.
  const more = new Map<string, boolean>();
  for (const p of partitions) pages.set(String(p), { ids: [], cursors: [], hasNextPage: false, totalCount: 0 });
  for (const row of rows) {
    const page = pages.get(String(row.part));
    if (!page) continue;
    page.totalCount = Number(row.total);
    if (page.ids.length === req.first) {
      more.set(String(row.part), true);
      continue;
    }
    page.ids.push(Number(row.id));
    page.cursors.push(encodeCursor([tag, ...sortCols.map((c) => normaliseSortValue(row[c]))]));
  }
  for (const [part, page] of pages) {
    const beyond = more.get(part) === true;
    if (backward) {
      page.ids.reverse();
      page.cursors.reverse();
      page.hasPreviousPage = beyond;
      page.hasNextPage = cursor !== null;
    } else {
      page.hasNextPage = beyond;
      page.hasPreviousPage = cursor !== null;
    }
  }
  // With a cursor past the end, the partition total is unknown from the rows; count it once.
  if (req.withTotal && cursor) {
    const missing = [...pages.entries()].filter(([, p]) => p.ids.length === 0).map(([k]) => k);
    if (missing.length > 0) {
      const counts = await db.query<{ part: number | string; total: number }>(
        `SELECT ${list.partition} AS part, count(*)::int AS total ${list.from} GROUP BY 1`,
        list.params,
      );
      for (const c of counts) {
        const page = pages.get(String(c.part));
        if (page && page.ids.length === 0) page.totalCount = c.total;
      }
    }
  }
  return pages;
}

function normaliseSortValue(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint') return Number(v);
  return v;
}

/** Turns a page of ids plus the loaded entities into the connection value. */
export function toPage<T>(idPage: IdPage, nodes: (T | null | Error)[], hasPrevious: boolean): Page<T> {
  const edges: { cursor: string; node: T }[] = [];
  nodes.forEach((node, i) => {
    if (node && !(node instanceof Error)) edges.push({ cursor: idPage.cursors[i], node });
  });
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage: idPage.hasNextPage,
      hasPreviousPage: idPage.hasPreviousPage ?? hasPrevious,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: idPage.totalCount,
  };
}
