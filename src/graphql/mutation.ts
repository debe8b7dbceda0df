import { validate, type ValidationError } from 'class-validator';
import type { EntityManager } from 'typeorm';
import type { Context } from '../context';
import { auditedErrors, writeAudit } from '../auth/services/audit';
import { AppError, ErrorCode, UserError, UserErrorsException, userError } from './errors';
import { recallAnswer, rememberAnswer } from './idempotency';
import { writeEvents } from '../events/outbox';
import { CORE_MESSAGES as M } from '../messages/core';
import { constraintMessage, labelOf } from './constraint-messages';

type Payload<T> = T & { userErrors: UserError[] };

/** A mutation that skipped its checks: a defect of the code, refused before anything is committed. */
class UncheckedMutation extends Error {}

/**
 * Runs a mutation (docs/ARCHITECTURE.md, "Mutations"): input validated first, then one transaction; any user
 * error rolls everything back and comes back in `userErrors`, so nothing is ever half-written.
 * The work must check access on what it touches (requireUnit); one that does not fails closed, and so
 * does a module's mutation that never found its module on for a unit.
 * The audit event is written in the same transaction, or on its own when nothing was written; so is
 * the record of an `Idempotency-Key` (idempotency.ts), whose repeat answers the record without the work,
 * and so are the mutation's events for subscribers (src/events/outbox.ts).
 */
export async function runMutation<T extends object>(
  ctx: Context,
  input: object,
  work: (tx: EntityManager) => Promise<T>,
): Promise<Payload<T>> {
  const rejected = async (userErrors: UserError[]): Promise<Payload<T>> => {
    await writeAudit(ctx.db, ctx, {
      outcome: 'REJECTED',
      input,
      errorCodes: [...new Set(userErrors.map((e) => e.code))],
    });
    return { userErrors } as Payload<T>;
  };
  // Ids of the input that name nothing the viewer may use (checked by the guard): refused before anything else.
  const refusedIds = ctx.audit.refusedIds ?? [];
  ctx.audit.refusedIds = [];
  if (refusedIds.length > 0) return rejected(refusedIds);
  const invalid = await validateTree(input, ['input'], { blank: true });
  if (invalid.length > 0) return rejected(invalid);
  try {
    const result = await ctx.app.db.transaction(async (tx) => {
      ctx.tx = tx;
      try {
        // Sent with an Idempotency-Key: a repeat answers what was recorded, without the work.
        if (ctx.idempotency) {
          const earlier = await recallAnswer(tx, ctx);
          if (earlier) return earlier.payload as T;
        }
        const done = await work(tx);
        if (!ctx.audit.checked)
          throw new UncheckedMutation(`mutation ${ctx.audit.operation} did not check access; refusing to write`);
        if (ctx.audit.module && !ctx.audit.moduleChecked) {
          throw new UncheckedMutation(
            `mutation ${ctx.audit.operation} of module "${ctx.audit.module}" never found its module on for a unit; refusing to write`,
          );
        }
        await writeAudit(tx, ctx, { outcome: 'OK', input, result: done });
        if (ctx.idempotency) await rememberAnswer(tx, ctx, done);
        // Last before the commit: the outbox lock is held only until then (src/events/outbox.ts).
        await writeEvents(tx, ctx, done);
        return done;
      } finally {
        ctx.tx = null;
      }
    });
    ctx.loaders.clearAll();
    return { ...result, userErrors: [] };
  } catch (err) {
    if (err instanceof UserErrorsException) return rejected(err.userErrors);
    if (isUniqueViolation(err)) return rejected([userError(ErrorCode.CONFLICT, M.duplicate(), ['input'])]);
    const badValue = databaseRefusedValue(err);
    if (badValue) {
      // A value no validator caught reached PostgreSQL, which refused it: still the input's fault, and
      // nothing was written; logged so that the missing validator is added.
      ctx.app.log.warn(
        { operation: ctx.audit.operation, sqlState: badValue.code, detail: badValue.message },
        'input refused by the database',
      );
      return rejected([
        userError(
          ErrorCode.BAD_USER_INPUT,
          badValue.constraint ? M.databaseRule({ rule: badValue.constraint }) : M.databaseRange(),
          ['input'],
        ),
      ]);
    }
    if (err instanceof AppError && err.extensions.code === ErrorCode.FORBIDDEN) {
      await writeAudit(ctx.db, ctx, { outcome: 'DENIED', input, errorCodes: [ErrorCode.FORBIDDEN] });
    }
    if (err instanceof AppError && err.extensions.code === ErrorCode.MODULE_DISABLED) {
      await writeAudit(ctx.db, ctx, { outcome: 'REJECTED', input, errorCodes: [ErrorCode.MODULE_DISABLED] });
    }
    if (err instanceof UncheckedMutation) {
      await writeAudit(ctx.db, ctx, { outcome: 'DENIED', input, errorCodes: [ErrorCode.INTERNAL_SERVER_ERROR] });
    }
    // Audited here: the refusal audit (src/graphql/refusals.ts) does not write them again.
    if (
      err instanceof UncheckedMutation ||
      (err instanceof AppError &&
        [ErrorCode.FORBIDDEN, ErrorCode.MODULE_DISABLED].includes(err.extensions.code as ErrorCode))
    )
      auditedErrors.add(err);
    throw err;
  }
}

/**
 * Only white space and invisible characters: Unicode White_Space (U+3000 ideographic space, U+00A0,
 * U+2000–U+200A …), format characters (zero-width space and joiners, BOM, soft hyphen), controls, and
 * the blank fillers (Hangul fillers, the blank Braille pattern). Such a name or title shows as nothing.
 */
const BLANK = /^[\p{White_Space}\p{Cf}\p{Cc}\u115F\u1160\u3164\uFFA0\u2800]+$/u;

/**
 * Validates an input and every input object inside it (type-graphql builds nested inputs as class
 * instances), so a list item's constraints hold without a @ValidateNested on every list field. With
 * `blank`, a text given as only white space (a name of U+3000) is refused too, in every input field of
 * every mutation: a value that shows as nothing is never meant, and would be trimmed to an empty one.
 */
export async function validateTree(
  value: object,
  path: string[],
  o: { blank?: boolean; skipMissingProperties?: boolean } = {},
): Promise<UserError[]> {
  const errors = flatten(
    await validate(value, {
      forbidUnknownValues: false,
      skipMissingProperties: o.skipMissingProperties ?? false,
      validationError: { target: false, value: false },
    }),
    path,
    value,
  );
  for (const [key, v] of Object.entries(value)) {
    const items: [string[], unknown][] = Array.isArray(v) ? v.map((x, i) => [[key, String(i)], x]) : [[[key], v]];
    for (const [at, item] of items) {
      if (o.blank && typeof item === 'string' && item.length > 0 && BLANK.test(item)) {
        errors.push(userError(ErrorCode.BAD_USER_INPUT, M.blank({ field: labelOf(value, key) }), [...path, ...at]));
        continue;
      }
      // Input objects only: plain objects (JSON values), dates and scalars are not validated classes.
      if (
        item &&
        typeof item === 'object' &&
        Object.getPrototypeOf(item) !== Object.prototype &&
        !(item instanceof Date)
      ) {
        errors.push(...(await validateTree(item, [...path, ...at], o)));
      }
    }
  }
  return errors;
}

function flatten(errors: ValidationError[], path: string[], value: object): UserError[] {
  return errors.flatMap((e) => {
    const here = [...path, e.property];
    const own = Object.keys(e.constraints ?? {}).map((constraint) =>
      userError(ErrorCode.BAD_USER_INPUT, constraintMessage(e.target ?? value, e.property, constraint), here),
    );
    return [...own, ...flatten(e.children ?? [], here, (e.value ?? {}) as object)];
  });
}

function isUniqueViolation(err: unknown): boolean {
  return (
    (err as { code?: string; driverError?: { code?: string } })?.driverError?.code === '23505' ||
    (err as { code?: string })?.code === '23505'
  );
}

/**
 * PostgreSQL refused a value: a data exception (SQLSTATE class 22: out of range, invalid text, a
 * datetime overflow) or a check constraint (23514). Null for any other failure.
 */
export function databaseRefusedValue(err: unknown): { code: string; message: string; constraint?: string } | null {
  const e = err as {
    code?: string;
    message?: string;
    constraint?: string;
    driverError?: { code?: string; message?: string; constraint?: string };
  };
  const code = e?.driverError?.code ?? e?.code;
  if (typeof code !== 'string' || !(code.startsWith('22') || code === '23514')) return null;
  return {
    code,
    message: e.driverError?.message ?? e.message ?? '',
    constraint: code === '23514' ? (e.driverError?.constraint ?? e.constraint) : undefined,
  };
}
