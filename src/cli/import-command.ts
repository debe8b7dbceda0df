import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { todayOf } from '../clock';
import { createContext, type App } from '../context';
import { writeAudit } from '../auth/services/audit';
import { ErrorCode } from '../graphql/errors';
import { toGlobalId } from '../graphql/global-id';
import { CORE_MESSAGES as M } from '../messages/core';
import { OrgUnit } from '../org/entities/org-unit.entity';
import type { ImportProblem } from '../org/services/member-import.service';

/**
 * `npm run import`: the import the `importMembers` mutation runs (every row checked first, nothing
 * written when any row is bad, one transaction), audited as that mutation is: one `importMembers`
 * event with the unit, the file's size (never its content), the outcome and the error codes. The
 * command line has no account: the actor is empty and the input says it came from a file.
 */
export async function importFromFile(
  app: App,
  csv: string,
  underCode: string,
  file: string,
): Promise<{ imported: number; problems: ImportProblem[] }> {
  const ctx = createContext(app, randomUUID(), null, 'command line');
  ctx.audit.operation = 'importMembers';
  const under = await app.db.getRepository(OrgUnit).findOne({ where: { code: underCode } });
  if (!under) {
    const problems: ImportProblem[] = [
      { line: 0, field: null, message: M.noUnitWithCode({ code: underCode }), code: ErrorCode.NOT_FOUND },
    ];
    await writeAudit(app.db.manager, ctx, {
      outcome: 'REJECTED',
      input: { underCode, file: path.basename(file), csv },
      errorCodes: ['NOT_FOUND'],
    });
    return { imported: 0, problems };
  }
  ctx.audit.unitPaths = [under.path];
  const input = { underId: toGlobalId('OrgUnit', under.id), file: path.basename(file), csv };
  const outcome = await app.db.transaction(async (tx) => {
    const result = await app.org.imports.import(tx, csv, under, todayOf(app.clock));
    if (result.problems.length) return result;
    await writeAudit(tx, ctx, { outcome: 'OK', input, result: { imported: result.imported.length } });
    return result;
  });
  if (outcome.problems.length) {
    // Nothing was written by the import (it writes no row when any is bad); the refusal is audited on its own.
    await writeAudit(app.db.manager, ctx, {
      outcome: 'REJECTED',
      input,
      errorCodes: [...new Set(outcome.problems.map((p) => p.code ?? 'BAD_USER_INPUT'))],
    });
    return { imported: 0, problems: outcome.problems };
  }
  return { imported: outcome.imported.length, problems: [] };
}
