import { validate, type ValidationError } from 'class-validator';
import type { EntityManager } from 'typeorm';
import type { Context } from '../context';
import { writeAudit } from '../auth/services/audit';
import { AppError, ErrorCode, UserError, UserErrorsException, userError } from './errors';

type Payload<T> = T & { userErrors: UserError[] };

/** A mutation that skipped its checks: a defect of the code, refused before anything is committed. */
class UncheckedMutation extends Error {}

/**
 * Runs a mutation (docs/ARCHITECTURE.md, "Mutations"): input validated first, then one transaction; any user
 * error rolls everything back and comes back in `userErrors`, so nothing is ever half-written.
 * The work must check access on what it touches (requireUnit); one that does not fails closed, and so
 * does a module's mutation that never found its module on for a unit.
 * The audit event is written in the same transaction, or on its own when nothing was written.
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
  const invalid = await validateTree(input, ['input']);
  if (invalid.length > 0) return rejected(invalid);
  try {
    const result = await ctx.app.db.transaction(async (tx) => {
      ctx.tx = tx;
      try {
        const done = await work(tx);
        if (!ctx.audit.checked)
          throw new UncheckedMutation(`mutation ${ctx.audit.operation} did not check access; refusing to write`);
        if (ctx.audit.module && !ctx.audit.moduleChecked) {
          throw new UncheckedMutation(
            `mutation ${ctx.audit.operation} of module "${ctx.audit.module}" never found its module on for a unit; refusing to write`,
          );
        }
        await writeAudit(tx, ctx, { outcome: 'OK', input, result: done });
        return done;
      } finally {
        ctx.tx = null;
      }
    });
    ctx.loaders.clearAll();
    return { ...result, userErrors: [] };
  } catch (err) {
    if (err instanceof UserErrorsException) return rejected(err.userErrors);
    if (isUniqueViolation(err))
      return rejected([userError(ErrorCode.CONFLICT, 'This would duplicate an existing record', ['input'])]);
    if (err instanceof AppError && err.extensions.code === ErrorCode.FORBIDDEN) {
      await writeAudit(ctx.db, ctx, { outcome: 'DENIED', input, errorCodes: [ErrorCode.FORBIDDEN] });
    }
    if (err instanceof AppError && err.extensions.code === ErrorCode.MODULE_DISABLED) {
      await writeAudit(ctx.db, ctx, { outcome: 'REJECTED', input, errorCodes: [ErrorCode.MODULE_DISABLED] });
    }
    if (err instanceof UncheckedMutation) {
      await writeAudit(ctx.db, ctx, { outcome: 'DENIED', input, errorCodes: [ErrorCode.INTERNAL_SERVER_ERROR] });
    }
    throw err;
  }
}

/**
 * Validates an input and every input object inside it (type-graphql builds nested inputs as class
 * instances), so a list item's constraints hold without a @ValidateNested on every list field.
 */
async function validateTree(value: object, path: string[]): Promise<UserError[]> {
  const errors = flatten(
    await validate(value, { forbidUnknownValues: false, validationError: { target: false, value: false } }),
    path,
  );
  for (const [key, v] of Object.entries(value)) {
    const items: [string[], unknown][] = Array.isArray(v) ? v.map((x, i) => [[key, String(i)], x]) : [[[key], v]];
    for (const [at, item] of items) {
      // Input objects only: plain objects (JSON values), dates and scalars are not validated classes.
      if (
        item &&
        typeof item === 'object' &&
        Object.getPrototypeOf(item) !== Object.prototype &&
        !(item instanceof Date)
      ) {
        errors.push(...(await validateTree(item, [...path, ...at])));
      }
    }
  }
  return errors;
}

function flatten(errors: ValidationError[], path: string[]): UserError[] {
  return errors.flatMap((e) => {
    const here = [...path, e.property];
    const own = Object.values(e.constraints ?? {}).map((message) =>
      userError(ErrorCode.BAD_USER_INPUT, `${e.property}: ${message}`, here),
    );
    return [...own, ...flatten(e.children ?? [], here)];
  });
}

function isUniqueViolation(err: unknown): boolean {
  return (
    (err as { code?: string; driverError?: { code?: string } })?.driverError?.code === '23505' ||
    (err as { code?: string })?.code === '23505'
  );
}
