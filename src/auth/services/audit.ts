import type { EntityManager } from 'typeorm';
import type { Context } from '../../context';
import { fromGlobalId } from '../../graphql/global-id';

const PERSONAL = new Set([
  'idCardNumber',
  // Digits 7–14 of the ID number: an audit event is read by administrators of every unit it names.
  'birthDate',
  'phone',
  'password',
  'currentPassword',
  'newPassword',
  'refreshToken',
  'csv',
]);

/**
 * Contact and identity numbers by their name wherever they appear, core and modules alike: phones
 * (`phone`, `contactPhone`, any `…Phone`), WeChat and QQ ids, ID and card numbers, passwords, tokens.
 */
const PERSONAL_NAME = /phone|wechat|weixin|^qq|qqNumber|idCard|cardNumber|password|token|secret/i;
const isPersonal = (key: string) => PERSONAL.has(key) || PERSONAL_NAME.test(key);

/** Longest string kept in an audit event; the rest is counted, not stored. */
const MAX_AUDIT_STRING = 2_000;

/**
 * A string as an audit event can store it (jsonb refuses U+0000): NUL and lone surrogates become
 * U+FFFD, and a long string is cut to MAX_AUDIT_STRING characters with its length said.
 */
function storable(s: string): string {
  const clean = s.replace(/\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return clean.length > MAX_AUDIT_STRING
    ? `${clean.slice(0, MAX_AUDIT_STRING)}… [${clean.length} characters in all]`
    : clean;
}

/** Errors already audited where they were raised (runMutation), so the refusal audit does not repeat them. */
export const auditedErrors = new WeakSet<object>();

/** The input as sent, with personal fields replaced by a marker (a CSV by its size), and storable. */
export function redact(value: unknown): unknown {
  if (typeof value === 'string') return storable(value);
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [
          k,
          isPersonal(k) && v !== null
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

/** The input with the values the mutation replaced, so the audit shows the old value next to the new. */
function withReplaced(input: unknown, replaced: Record<string, unknown> | undefined): unknown {
  if (!replaced || !input || typeof input !== 'object' || Array.isArray(input)) return input;
  return { ...input, replaced: redact(replaced) };
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
      JSON.stringify(withReplaced(redact(entry.input) ?? {}, ctx.audit.replaced)),
      entry.outcome,
      entry.errorCodes ?? [],
      ctx.requestId,
      ctx.now,
    ],
  );
}
