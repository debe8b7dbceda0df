import type { ApolloServerPlugin } from '@apollo/server';
import {
  defaultFieldResolver,
  getNamedType,
  getNullableType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLError,
  type GraphQLFieldResolver,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import type { App, Context } from '../context';
import { currentRequestScope } from '../observability/request-context';
import { bindOperation, installAccountSlots, type SlotOwner } from './account-slots';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './connection';
import { AppError, ErrorCode } from './errors';
import { declaredListSize } from './list-sizes';
import { CORE_MESSAGES as M } from '../messages/core';
import type { MessageFactory } from '../messages/catalogue';

/** The ceilings every operation runs under, whatever its priced cost (config: MAX_OBJECTS, …). */
export interface CeilingLimits {
  /** Objects (list items and single objects) the operation may produce. */
  maxObjects: number;
  /** Estimated bytes of the JSON answer. */
  maxResponseBytes: number;
  /** Wall time from the request's start; a query is stopped then, and statements stop waiting. */
  maxExecutionMs: number;
}

/**
 * Objects an operation produces between two turns of the event loop. graphql-js completes whatever is
 * already loaded synchronously, so a large operation would otherwise hold the process (every other
 * request, and its own time ceiling) until it ends: past each slice, resolvers wait for the next turn.
 * A turn also ends the loaders' batch, so an operation larger than a slice may take a few more
 * statements; operations smaller than one (the analyst's drill-down is about 1 500) are unchanged.
 */
export const OBJECTS_PER_SLICE = 5000;

/**
 * One operation's running totals against its ceilings, counted as execution produces objects and
 * values. Passing a ceiling stops the operation: every further resolver that would produce objects
 * refuses with the same error before doing any work, statements waiting for the account's turn
 * stop waiting, the request's loaders are dropped, and the answer is that one error with no data
 * (partial data of a mutation is kept, and the error says what was saved).
 */
export class OperationCeilings implements SlotOwner {
  objects = 0;
  bytes = 0;
  /** The error that stopped the operation; every further resolver refuses with it. */
  stopped: AppError | null = null;
  /** Mutations of this operation that completed without userErrors (they were committed). */
  readonly saved: string[] = [];
  readonly deadline: number;
  private readonly started = performance.now();
  private timer: NodeJS.Timeout | undefined;
  private listeners: ((error: AppError) => void)[] = [];
  private nextSlice = OBJECTS_PER_SLICE;
  private turn: Promise<void> | null = null;

  constructor(
    readonly key: string,
    private readonly limits: CeilingLimits,
    private readonly release: () => void,
  ) {
    this.deadline = this.started + limits.maxExecutionMs;
  }

  /** A query is stopped when its time is up; a mutation runs to its end (each statement has its timeout). */
  startClock(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(
      () => {
        const ms = Math.round(performance.now() - this.started);
        this.stop(this.ceilingError('time', M.ceilingTime, { limit: this.limits.maxExecutionMs, value: ms }));
      },
      Math.max(0, this.deadline - performance.now()),
    );
    this.timer.unref();
  }

  onStop(listener: (error: AppError) => void): void {
    if (this.stopped) listener(this.stopped);
    else this.listeners.push(listener);
  }

  stop(error: AppError): AppError {
    if (this.stopped) return this.stopped;
    this.stopped = error;
    stopErrors.add(error);
    clearTimeout(this.timer);
    const listeners = this.listeners;
    this.listeners = [];
    for (const l of listeners) l(error);
    this.release();
    return error;
  }

  /** The request is answered: no timer is left behind. */
  finish(): void {
    clearTimeout(this.timer);
    this.listeners = [];
  }

  /**
   * Before a field that produces objects runs: reserves what it may produce (a connection its whole page,
   * a list with a declared bound that bound, anything else one object). False once the operation is
   * stopped; throws the stop error when this reservation passes the ceiling. Counting before the
   * resolver runs is what keeps a level of many parents from building all its pages first.
   */
  admit(reserve: number): boolean {
    if (this.stopped) return false;
    this.objects += reserve;
    if (this.objects > this.limits.maxObjects) throw this.stop(this.objectsError());
    return true;
  }

  /**
   * Null while the operation's current slice lasts; past it, a promise of the event loop's next turn,
   * which every resolver of the operation waits for before it runs (see OBJECTS_PER_SLICE).
   */
  nextTurn(): Promise<void> | null {
    if (this.turn) return this.turn;
    if (this.objects < this.nextSlice) return null;
    this.nextSlice = this.objects + OBJECTS_PER_SLICE;
    this.turn = new Promise((resolve) =>
      setImmediate(() => {
        this.turn = null;
        resolve();
      }),
    );
    return this.turn;
  }

  /**
   * After the field ran: the reservation becomes what it produced. Returns the value, or undefined
   * (dropped) when the operation was stopped meanwhile; throws the stop error when this passes a ceiling.
   */
  settle(value: unknown, reserved: number, kind: ObjectsKind, info: GraphQLResolveInfo): unknown {
    if (this.stopped) return undefined;
    if (value === null || value === undefined || value instanceof Error) {
      this.objects -= reserved;
      return value;
    }
    const keyBytes = (info.path.key as string).length + 4;
    let produced: number;
    if (kind === 'connection') {
      const page = value as { nodes?: unknown[]; edges?: unknown[] };
      produced = 1 + (page.nodes?.length ?? page.edges?.length ?? 0);
      this.bytes += keyBytes + 2;
    } else if (Array.isArray(value)) {
      produced = kind === 'pageItems' ? 0 : value.length;
      this.bytes += keyBytes + 2 * value.length;
    } else {
      produced = 1;
      this.bytes += keyBytes + 2;
    }
    this.objects += produced - reserved;
    if (this.objects > this.limits.maxObjects) throw this.stop(this.objectsError());
    return this.checkBytes(value);
  }

  private objectsError(): AppError {
    return this.ceilingError('objects', M.ceilingObjects, { limit: this.limits.maxObjects, value: this.objects });
  }

  /** Counts the bytes of a scalar or enum value; throws once (only the first time) the size ceiling is passed. */
  leafOut(value: unknown, info: GraphQLResolveInfo): unknown {
    this.bytes += (info.path.key as string).length + 4 + valueBytes(value);
    return this.stopped ? value : this.checkBytes(value);
  }

  private checkBytes(value: unknown): unknown {
    if (this.bytes > this.limits.maxResponseBytes) {
      throw this.stop(
        this.ceilingError('responseBytes', M.ceilingBytes, { limit: this.limits.maxResponseBytes, value: this.bytes }),
      );
    }
    return value;
  }

  private ceilingError(ceiling: string, message: MessageFactory, figures: { limit: number; value: number }): AppError {
    const saved = this.saved.length ? M.changesSaved({ changes: this.saved.join(', ') }) : '';
    return new AppError(ErrorCode.QUERY_TOO_COMPLEX, message({ ...figures, askForLess: M.askForLess(), saved }), {
      ceiling,
      ...figures,
    });
  }
}

function valueBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value) + 2;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + valueBytes(v) + 1, 2);
  if (value instanceof Date) return 26;
  return 8;
}

const isPromise = (v: unknown): v is Promise<unknown> => typeof (v as Promise<unknown> | null)?.then === 'function';

/** The errors that stopped an operation (see abandonedStopsAreHandled). */
const stopErrors = new WeakSet<object>();

/**
 * When a non-null field fails, graphql-js stops completing its siblings and leaves their promises
 * unobserved, its own among them; one of them rejecting with the stop error afterwards must not be an
 * unhandled rejection, which ends the process. Ours are observed here (graphql-js still sees them
 * reject); graphql-js's own are recognised by their reason once, process-wide: any other unhandled
 * rejection is thrown on, as Node would.
 */
function observed<T>(value: T): T {
  if (isPromise(value)) value.catch(() => undefined);
  return value;
}

let abandonedStopsHandled = false;
function abandonedStopsAreHandled(): void {
  if (abandonedStopsHandled) return;
  abandonedStopsHandled = true;
  process.on('unhandledRejection', (reason) => {
    const original = (reason as { originalError?: unknown } | null)?.originalError;
    if (stopErrors.has(reason as object) || (original && stopErrors.has(original as object))) return;
    throw reason;
  });
}

/** What a field that returns objects produces, for counting: a page, the items of a page, a plain list, one object. */
export type ObjectsKind = 'connection' | 'pageItems' | 'list' | 'object';

const isConnection = (name: string) => name.endsWith('Connection');

/**
 * Wraps every field of the schema, outermost (after the module gate and the access guard), so that the
 * running operation's ceilings see everything it produces: fields returning objects reserve what they
 * may produce before their resolver runs and, once the operation is stopped, answer null (or refuse,
 * when the field cannot be null) without running it; scalar fields count their bytes.
 */
export function applyExecutionCeilings(schema: GraphQLSchema): void {
  const mutationType = schema.getMutationType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve: GraphQLFieldResolver<unknown, Context> = field.resolve ?? defaultFieldResolver;
      const returns = getNamedType(field.type);
      if (isLeafType(returns)) field.resolve = countBytes(resolve);
      else if (type === mutationType) field.resolve = countMutation(resolve);
      else if (isConnection(returns.name)) field.resolve = countObjects(resolve, 'connection', field.type);
      else if (isConnection(type.name) && field.name === 'nodes')
        field.resolve = countObjects(resolve, 'pageItems', field.type);
      else if (isListType(getNullableType(field.type))) {
        field.resolve = countObjects(resolve, 'list', field.type, declaredListSize(type, field) ?? 1);
      } else field.resolve = countObjects(resolve, 'object', field.type);
    }
  }
}

/** What a connection field may build: its page at the size asked, `first` or `last` (refused when out of range). */
function pageSize(args: { first?: unknown; last?: unknown }): number {
  const first = Math.max(Number(args?.first ?? 0), Number(args?.last ?? 0)) || DEFAULT_PAGE_SIZE;
  return Number.isFinite(first) && first >= 1 ? Math.min(first, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
}

function countObjects(
  resolve: GraphQLFieldResolver<unknown, Context>,
  kind: ObjectsKind,
  type: GraphQLOutputType,
  listReserve = 1,
): GraphQLFieldResolver<unknown, Context> {
  const nullable = !isNonNullType(type);
  const list = isListType(getNullableType(type));
  // Once stopped: a list answers empty and a nullable field null, without running and without an error
  // each (errors are costly to build); a non-null object refuses (its parent nulls). No data is sent.
  const refused = (run: OperationCeilings) => {
    if (list) return [];
    if (nullable) return null;
    throw run.stopped;
  };
  return (source, args, ctx, info) => {
    const run = ctx?.ceilings;
    if (run === undefined) return resolve(source, args, ctx, info);
    const reserved =
      kind === 'connection' ? 1 + pageSize(args) : kind === 'pageItems' ? 0 : kind === 'list' ? listReserve : 1;
    if (!run.admit(reserved)) return refused(run);
    const settle = (v: unknown) => {
      const kept = run.settle(v, reserved, kind, info);
      return kept === undefined && v !== undefined ? refused(run) : kept;
    };
    const produce = () => {
      const value = resolve(source, args, ctx, info);
      return isPromise(value) ? value.then(settle) : settle(value);
    };
    const turn = run.nextTurn();
    return observed(turn ? turn.then(() => (run.stopped ? refused(run) : produce())) : produce());
  };
}

function countBytes(resolve: GraphQLFieldResolver<unknown, Context>): GraphQLFieldResolver<unknown, Context> {
  return (source, args, ctx, info) => {
    const value = resolve(source, args, ctx, info);
    const run = ctx?.ceilings;
    if (run === undefined) return value;
    return isPromise(value) ? observed(value.then((v) => run.leafOut(v, info))) : run.leafOut(value, info);
  };
}

/**
 * A mutation field is refused before it runs once the operation is stopped (nothing is written); once
 * it ran, its payload is counted but never thrown away: what it committed is committed, and a ceiling
 * passed later in the payload says so.
 */
function countMutation(resolve: GraphQLFieldResolver<unknown, Context>): GraphQLFieldResolver<unknown, Context> {
  return async (source, args, ctx, info) => {
    const run = ctx?.ceilings;
    if (run?.stopped) throw run.stopped;
    const payload = await resolve(source, args, ctx, info);
    if (run) {
      const userErrors = (payload as { userErrors?: unknown[] } | null)?.userErrors;
      if (payload && (!Array.isArray(userErrors) || userErrors.length === 0)) run.saved.push(info.fieldName);
      run.objects += 1;
    }
    return payload;
  };
}

/**
 * The ceilings of each operation (see OperationCeilings) and the per-account bound on statements in
 * flight (account-slots.ts), both counted per process.
 */
export function ceilingsPlugin(app: App): ApolloServerPlugin<Context> {
  const { limits } = app.config;
  abandonedStopsAreHandled();
  installAccountSlots(app.db, limits.statementsPerAccount, app.config.statementTimeoutMs);
  const ceilings: CeilingLimits = {
    maxObjects: limits.maxObjects,
    maxResponseBytes: limits.maxResponseBytes,
    maxExecutionMs: limits.maxExecutionMs,
  };
  return {
    async requestDidStart({ contextValue }) {
      const key = contextValue.access.viewer
        ? `account:${contextValue.access.viewer.accountId}`
        : `address:${contextValue.clientAddress}`;
      const run = new OperationCeilings(key, ceilings, () => contextValue.loaders.clearAll());
      contextValue.ceilings = run;
      bindOperation(currentRequestScope(), run);
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'mutation') run.startClock();
        },
        async didEncounterErrors(requestContext) {
          const stopped = run.stopped;
          if (!stopped) return;
          // One error for the operation, not one per field that refused after the stop: the array is
          // the one Apollo formats next, so it is shortened in place.
          const errors = requestContext.errors as GraphQLError[];
          const first = errors.find((e) => e.originalError === stopped) ?? stopped;
          errors.splice(0, errors.length, first);
        },
        async willSendResponse({ response, operation }) {
          run.finish();
          const stopped = run.stopped;
          if (!stopped || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          // One error says why the operation stopped, even when every field refused quietly (null).
          const said = result.errors?.find((e) => e.message === stopped.message);
          result.errors = [said ?? { message: stopped.message, extensions: { ...stopped.extensions } }];
          // The partial tree of a query is dropped here; nothing of it is sent. A mutation's payload stays.
          if (operation?.operation !== 'mutation') result.data = null;
        },
      };
    },
  };
}
