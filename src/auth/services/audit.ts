import type { EntityManager } from 'typeorm';
import type { Context } from '../../context';
import { fromGlobalId } from '../../graphql/global-id';

const PERSONAL = new Set([
  'idCardNumber',
  'phone',
  'password',
  'currentPassword',
  'newPassword',
  'refreshToken',
  'csv',
]);

/** The input as sent, with personal fields replaced by a marker (a CSV by its size). */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [
          k,
          PERSONAL.has(k) && v !== null
            ? k === 'csv'
              ? `[redacted: ${String(v).length} characters]`
              : '[redacted]'
            : redact(v),
        ]),
    );
  }
  return value;
}

/** Global ids named in the input or returned by the mutation. */
export function targetIds(...values: unknown[]): string[] {
  const found = new Set<string>();
  const visit = (v: unknown) => {
    if (typeof v === 'string' && v.length < 100 && fromGlobalId(v)) found.add(v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const id = (v as { nodeId?: unknown }).nodeId;
      if (typeof id === 'string') found.add(id);
      else Object.values(v).forEach(visit);
    }
  };
  values.forEach(visit);
  return [...found];
}

export async function writeAudit(
  db: EntityManager,
  ctx: Context,
  entry: {
    outcome: 'OK' | 'REJECTED' | 'DENIED';
    input: unknown;
    result?: unknown;
    errorCodes?: string[];
    operation?: string;
    actorId?: number | null;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO audit_event (actor_id, operation, target_ids, unit_paths, input, outcome, error_codes, request_id, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      entry.actorId !== undefined ? entry.actorId : (ctx.access.viewer?.accountId ?? null),
      entry.operation ?? ctx.audit.operation,
      targetIds(entry.input, entry.result),
      [...new Set(ctx.audit.unitPaths)],
      JSON.stringify(redact(entry.input) ?? {}),
      entry.outcome,
      entry.errorCodes ?? [],
      ctx.requestId,
      ctx.now,
    ],
  );
}
