import { Arg, Ctx, Field, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { ErrorCode, UserError, UserErrorsException, refuse, userError } from '../../graphql/errors';
import { inputId } from '../../graphql/ids';
import { runMutation } from '../../graphql/mutation';
import { OrgUnit } from '../entities/org-unit.entity';
import { ImportMembersInput } from './member.input';
import { requireUnit } from '../../auth/guard';
import { underIdCardBudget } from '../id-card-probes';
import { Permission } from '../../auth/roles';
import { CORE_MESSAGES as M, LABELS } from '../../messages/core';

@ObjectType({ description: '导入结果 — how many members were imported, or every bad row (then none were)' })
export class ImportMembersPayload {
  @Field(() => Int, { description: '导入人数 — members written; 0 when userErrors is not empty' })
  imported: number;

  @Field(() => [UserError], {
    description:
      '用户错误 — one per problem, field ["input", "csv", line, column]; when not empty, nothing was written',
  })
  userErrors: UserError[];
}

@Resolver()
export class MemberImportResolver {
  @Mutation(() => ImportMembersPayload, {
    description: '导入党员 — members from CSV; every row is checked first and nothing is written when any row is bad',
  })
  async importMembers(
    @Ctx() ctx: Context,
    @Arg('input', { description: '导入内容 — the file and its scope' }) input: ImportMembersInput,
  ): Promise<ImportMembersPayload> {
    // Every import may record ID card numbers: it runs under the account's probe budget.
    const result = await underIdCardBudget(ctx, input, true, (idCards) =>
      runMutation(ctx, input, async (tx) => {
        const underId = inputId(input.underId, 'OrgUnit', ['input', 'underId']);
        await requireUnit(ctx, underId, Permission.WRITE);
        const under = await tx.findOne(OrgUnit, { where: { id: underId } });
        if (!under) refuse(ErrorCode.NOT_FOUND, M.notFound({ what: LABELS.unit }), ['input', 'underId']);
        const result = await ctx.app.org.imports.import(tx, input.csv, under, ctx.today, idCards.linesTaken);
        if (result.problems.length) {
          throw new UserErrorsException(
            result.problems.map((p) =>
              // The line's wrapper keeps the reason of the problem it wraps.
              userError(
                p.code ?? ErrorCode.BAD_USER_INPUT,
                { ...M.importLine({ line: p.line, problem: p.message }), reason: p.message.reason },
                ['input', 'csv', String(p.line), ...(p.field ? [p.field] : [])],
              ),
            ),
          );
        }
        return { imported: result.imported.length };
      }),
    );
    return { ...result, imported: result.imported ?? 0 };
  }
}
