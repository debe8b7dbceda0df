import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { print } from 'graphql';
import type { DataSource, EntityManager } from 'typeorm';
import type { Context } from '../context';
import { AppError, ErrorCode, UserErrorsException, userError } from './errors';
import { CORE_MESSAGES as M } from '../messages/core';

/**
 * Safe retries of writes (README, "For front-end developers"). A client sends the HTTP header
 * `Idempotency-Key: <key it chose>` with a mutation; a repeat with the same key by the same account
 * within KEY_LIFETIME_MS answers what the first one answered, without writing again.
 *
 * A header rather than an input field: every mutation takes it without its input changing, a client
 * sets it once in its transport (where it retries), and it names the whole operation, not one field.
 *
 * The key covers the whole operation (document, operation name and variables, hashed): each mutation
 * field of it is recorded under the key and its response key (alias or name), in the field's own
 * transaction (runMutation). A retry replays the fields that were committed and runs those that were
 * not (one that failed, or never ran). The same key with another operation or other variables is
 * refused with CONFLICT. A mutation answered with userErrors wrote nothing and records nothing: its
 * retry runs again. Queries ignore the header.
 */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** How long a key counts, by the application's clock (src/clock.ts). */
export const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** Printable ASCII without spaces, as HTTP carries it: a UUID, a ULID, a hash. */
const KEY_FORM = /^[\x21-\x7E]{1,200}$/;

/** Expired keys deleted with each key written, so the table's size follows the last 24 hours. */
const SWEEP_BATCH = 100;

/** First half of the two-part advisory lock key: keeps these locks apart from any other of the database. */
const LOCK_SPACE = 0x1de3;

/** The key a request was sent with and what it names: hash of its document, operation name and variables. */
export interface IdempotentRequest {
  key: string;
  requestHash: string;
  /** Response keys of the mutation fields answered from an earlier request (sent back in extensions). */
  replayed: string[];
}

/** Reads the header of a mutation; refuses a key of the wrong form. */
export function idempotencyPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ request }) {
      const sent = request.http?.headers.get(IDEMPOTENCY_HEADER);
      if (sent === undefined) return;
      return {
        async didResolveOperation({ operation, document, request, contextValue }) {
          if (operation?.operation !== 'mutation') return;
          if (!KEY_FORM.test(sent))
            throw new AppError(ErrorCode.BAD_USER_INPUT, M.idempotencyKeyForm(), { header: 'Idempotency-Key' });
          contextValue.idempotency = {
            key: sent,
            requestHash: createHash('sha256')
              .update(JSON.stringify([print(document), request.operationName ?? null, canonical(request.variables)]))
              .digest('hex'),
            replayed: [],
          };
        },
        async willSendResponse({ response, contextValue }) {
          const replayed = contextValue.idempotency?.replayed ?? [];
          if (replayed.length === 0 || response.body.kind !== 'single') return;
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            idempotentReplay: replayed,
          };
        },
      };
    },
  };
}

/** Variables with their object keys sorted: the same values sent in another key order are the same request. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  return value ?? null;
}

function keyOwner(ctx: Context): { accountId: number; key: IdempotentRequest; responseKey: string } {
  const viewer = ctx.access.viewer;
  // The guard lets only signed-in viewers reach a mutation that runs through runMutation.
  if (!viewer || !ctx.idempotency) throw new Error('an idempotent mutation needs a signed-in viewer and a key');
  return {
    accountId: viewer.accountId,
    key: ctx.idempotency,
    responseKey: ctx.audit.responseKey ?? ctx.audit.operation,
  };
}

/**
 * Inside the mutation's transaction, before its work: waits for any other request holding the same
 * key (a transaction-scoped advisory lock, so concurrent repeats run one after the other), then returns
 * the recorded payload of this field if the key was used for the same request within 24 hours, null
 * if the field has not run under it. A key used for another request is refused with CONFLICT.
 */
export async function recallAnswer(tx: EntityManager, ctx: Context): Promise<{ payload: unknown } | null> {
  const { accountId, key, responseKey } = keyOwner(ctx);
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_SPACE, `${accountId}:${key.key}`]);
  const since = new Date(ctx.now.getTime() - KEY_LIFETIME_MS);
  // An expired use of the key does not count: dropped, so the key can be written again.
  await tx.query('DELETE FROM idempotency_key WHERE account_id = $1 AND idempotency_key = $2 AND created_at <= $3', [
    accountId,
    key.key,
    since,
  ]);
  const rows = await tx.query<{ response_key: string; request_hash: string; operation: string; payload: unknown }[]>(
    `SELECT response_key, request_hash, operation, payload FROM idempotency_key
      WHERE account_id = $1 AND idempotency_key = $2`,
    [accountId, key.key],
  );
  const other = rows.find((r) => r.request_hash !== key.requestHash);
  if (other)
    throw new UserErrorsException([
      userError(ErrorCode.CONFLICT, M.idempotencyKeyReused({ operation: other.operation }), ['input']),
    ]);
  const mine = rows.find((r) => r.response_key === responseKey);
  if (!mine) return null;
  key.replayed.push(responseKey);
  return { payload: await thaw(tx, mine.payload) };
}

/** In the same transaction, after the work: records this field's payload under the key. */
export async function rememberAnswer(tx: EntityManager, ctx: Context, payload: unknown): Promise<void> {
  const { accountId, key, responseKey } = keyOwner(ctx);
  await tx.query(
    `INSERT INTO idempotency_key (account_id, idempotency_key, response_key, request_hash, operation, payload, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      accountId,
      key.key,
      responseKey,
      key.requestHash,
      ctx.audit.operation,
      JSON.stringify(freeze(tx.connection, payload)),
      ctx.now,
    ],
  );
  // Keys past their lifetime, a batch at a time; rows another transaction is deleting are skipped, not waited for.
  await tx.query(
    `DELETE FROM idempotency_key WHERE id IN (
       SELECT id FROM idempotency_key WHERE created_at <= $1 ORDER BY created_at LIMIT ${SWEEP_BATCH} FOR UPDATE SKIP LOCKED)`,
    [new Date(ctx.now.getTime() - KEY_LIFETIME_MS)],
  );
}

/**
 * A payload as the table stores it: entities by their type and primary key (read again on a replay, so
 * the answer shows them as they are now, and the table holds no personal data), dates as instants,
 * everything else as it is.
 */
function freeze(db: DataSource, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map((v) => freeze(db, v));
  if (typeof value === 'object') {
    if (db.hasMetadata(value.constructor)) {
      const meta = db.getMetadata(value.constructor);
      return { $entity: meta.name, id: meta.getEntityIdMap(value) };
    }
    return {
      $object: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, freeze(db, v)])),
    };
  }
  return value;
}

async function thaw(tx: EntityManager, value: unknown): Promise<unknown> {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return Promise.all(value.map((v) => thaw(tx, v)));
  const v = value as { $date?: string; $entity?: string; id?: Record<string, unknown>; $object?: object };
  if (v.$date !== undefined) return new Date(v.$date);
  if (v.$entity !== undefined) return tx.getRepository(v.$entity).findOneBy(v.id ?? {});
  const entries = await Promise.all(
    Object.entries(v.$object ?? {}).map(async ([k, x]) => [k, await thaw(tx, x)] as const),
  );
  return Object.fromEntries(entries);
}
