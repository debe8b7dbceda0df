import { validate, type ValidationError } from 'class-validator';
import type { EntityManager } from 'typeorm';
import type { Context } from '../context';
import { ErrorCode, UserError, UserErrorsException, userError } from './errors';

/**
 * Runs a mutation as DESIGN.md requires: input validated first, then one transaction; any user
 * error rolls everything back and comes back in `userErrors`, so nothing is ever half-written.
 */
export async function runMutation<T extends object>(
  ctx: Context,
  input: object,
  work: (tx: EntityManager) => Promise<T>,
): Promise<T & { userErrors: UserError[] }> {
  const invalid = await validate(input, { forbidUnknownValues: false, validationError: { target: false, value: false } });
  if (invalid.length > 0) return { userErrors: flatten(invalid, ['input']) } as T & { userErrors: UserError[] };
  try {
    const result = await ctx.app.db.transaction(work);
    ctx.loaders.clearAll();
    return { ...result, userErrors: [] };
  } catch (err) {
    if (err instanceof UserErrorsException) return { userErrors: err.userErrors } as T & { userErrors: UserError[] };
    if (isUniqueViolation(err)) {
      return { userErrors: [userError(ErrorCode.CONFLICT, 'This would duplicate an existing record', ['input'])] } as T & { userErrors: UserError[] };
    }
    throw err;
  }
}

function flatten(errors: ValidationError[], path: string[]): UserError[] {
  return errors.flatMap((e) => {
    const here = [...path, e.property];
    const own = Object.values(e.constraints ?? {}).map((message) => userError(ErrorCode.BAD_USER_INPUT, `${e.property}: ${message}`, here));
    return [...own, ...flatten(e.children ?? [], here)];
  });
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string; driverError?: { code?: string } })?.driverError?.code === '23505' || (err as { code?: string })?.code === '23505';
}
