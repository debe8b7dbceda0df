import { isVisible } from '../auth/guard';
import type { Context } from '../context';
import { rateCountersOf } from '../db/rate-counters';
import { ErrorCode, UserErrorsException, userError, type UserError } from '../graphql/errors';
import { runMutation } from '../graphql/mutation';
import { Member } from './entities/member.entity';
import { OrgUnit } from './entities/org-unit.entity';
import type { ImportProblem } from './services/member-import.service';
import type { Message } from '../messages/catalogue';
import { CORE_MESSAGES as M } from '../messages/core';

/**
 * ID card numbers are unique across the deployment, so recording one that is taken must fail, and
 * the failure alone tells whoever may add members that the number belongs to someone recorded
 * somewhere (a party member, or a former one). What is said is only what the viewer may know:
 *
 * - a holder the viewer may see is named (name and branch): the viewer could read it anyway;
 * - a holder out of the viewer's sight is not: "this ID card number cannot be recorded here", and
 *   whom to ask. Nothing says that it is a party member, or where.
 *
 * The second answer is a probe of the deployment: audited (the event carries the holder's branch,
 * so that branch's administrators see it too), at most one per mutation (an import names one such
 * line at a time), and limited per account (ID_CARD_PROBES, counted in PostgreSQL, so across
 * processes, in the application's clock). A mutation that records ID numbers reserves one probe
 * before it runs and gives it back when it answered none; with none left, it is refused with
 * RATE_LIMITED before the numbers are looked at, whether they are taken or not.
 */
export const ID_CARD_PROBES = { limit: 5, windowSeconds: 24 * 3600 };

/** The answers of one mutation about taken ID card numbers. */
export class IdCardAnswers {
  /** An answer was given about a holder the viewer may not see (the probe is spent). */
  probed = false;

  constructor(private readonly ctx: Context) {}

  /** What the viewer may be told about the members holding a number, with the holder's branch audited when hidden. */
  private async explain(holder: Member): Promise<Message | null> {
    const branch = await this.ctx.loaders.byId(OrgUnit).load(holder.branchId);
    if (await isVisible(this.ctx, holder)) {
      const where = branch ? M.ofBranch({ branch: branch.name }) : '';
      const departed = holder.departedOn ? M.departedOnNote({ on: holder.departedOn }) : '';
      return M.idCardRecordedBy({ name: holder.name, where, departed });
    }
    if (branch) this.ctx.audit.unitPaths.push(branch.path);
    if (this.probed) return null; // one hidden holder answered per mutation
    this.probed = true;
    return M.idCardCannotRecord();
  }

  /** For createMember and updateMember (MemberService's IdCardTaken). */
  taken = async (holders: Member[], field: string[]): Promise<never> => {
    const messages = (await Promise.all(holders.map((h) => this.explain(h)))).filter((m): m is Message => !!m);
    throw new UserErrorsException(messages.map((m) => userError(ErrorCode.CONFLICT, m, field)));
  };

  /** For importMembers (MemberImportService's IdCardLinesTaken): lines in order, one hidden holder at most. */
  linesTaken = async (lines: { line: number; holder: Member }[]): Promise<ImportProblem[]> => {
    const problems: ImportProblem[] = [];
    for (const { line, holder } of lines) {
      const message = await this.explain(holder);
      if (message) problems.push({ line, field: 'idCardNumber', message, code: ErrorCode.CONFLICT });
    }
    return problems;
  };
}

/**
 * Runs a mutation that may record ID card numbers under the account's probe budget (see above).
 * `records` says whether this input carries any; without, or for a viewer who sees every member
 * anyway, the budget is not touched.
 */
export async function underIdCardBudget<P extends { userErrors: UserError[] }>(
  ctx: Context,
  input: object,
  records: boolean,
  run: (answers: IdCardAnswers) => Promise<P>,
): Promise<P> {
  const answers = new IdCardAnswers(ctx);
  const accountId = ctx.access.viewer?.accountId;
  if (!records || accountId === undefined || ctx.access.readsEverything) return run(answers);
  const counters = rateCountersOf(ctx.app.db);
  const key = `id-card-probe:${accountId}`;
  const [budget] = await counters.take([{ key, ...ID_CARD_PROBES }], 1, ctx.now);
  if (!budget.accepted) {
    const retryAfterSeconds = Math.max(1, Math.ceil((budget.resetsAt.getTime() - ctx.now.getTime()) / 1000));
    const minutes = Math.ceil(retryAfterSeconds / 60);
    return runMutation(ctx, input, async () => {
      throw new UserErrorsException([
        userError(
          ErrorCode.RATE_LIMITED,
          M.idCardProbes({ limit: ID_CARD_PROBES.limit, hours: ID_CARD_PROBES.windowSeconds / 3600, minutes }),
          ['input'],
        ),
      ]);
    }) as Promise<P>;
  }
  try {
    return await run(answers);
  } finally {
    if (!answers.probed) await counters.settle({ giveBack: [key] });
  }
}
