import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, Field, FieldResolver, ID, Info, InputType, Int, Mutation, Resolver, Root } from 'type-graphql';
import { plusDays } from '../../calendar';
import type { Context } from '../../context';
import { requireUnit } from '../../auth/guard';
import { Permission } from '../../auth/roles';
import { ConnectionArgs, pageRequest } from '../../graphql/connection';
import { loadConnection } from '../../graphql/connection-loader';
import { describeEnum } from '../../graphql/enum';
import { AppError, ErrorCode, refuse } from '../../graphql/errors';
import { inputId } from '../../graphql/ids';
import { runMutation } from '../../graphql/mutation';
import { DateScalar, type LocalDate } from '../../graphql/scalars';
import { Member } from '../entities/member.entity';
import { OrgUnit } from '../entities/org-unit.entity';
import { MemberStatus } from '../enums';
import { ProbationDecision, probationDueOn } from '../services/member.service';
import { probationDueList } from '../services/org-lists';
import { MemberConnection } from './connections';
import { MemberPayload } from './payloads';
import { CORE_MESSAGES as M, LABELS } from '../../messages/core';

describeEnum(ProbationDecision, 'ProbationDecision', '预备期满的决定 — what the branch decided when probation ended', {
  FULL_MEMBERSHIP: '按期转正 — full membership, from the day probation ended (party standing counts from there)',
  EXTEND: '延长预备期 — probation extended, once, by at most one year',
  CANCEL: '取消预备党员资格 — probationary membership cancelled: the member departs (PROBATION_CANCELLED)',
});

@InputType({
  description:
    '预备期满的决定 — the decision of the branch meeting when a probation ends, recorded as taken (approved above where the rules require)',
})
export class DecideProbationInput {
  @Field(() => ID, { description: '预备党员 — the probationary member' })
  memberId: string;

  @Field(() => ProbationDecision, { description: '决定 — full membership, extension or cancellation' })
  decision: ProbationDecision;

  @Field(() => DateScalar, {
    description:
      '决定日期 — the day of the decision; full membership and extension on or after the end of probation, cancellation at any time',
  })
  decidedOn: LocalDate;

  @Field(() => DateScalar, {
    nullable: true,
    description: '延长至 — for an extension: the new end of probation, at most one year after the end it replaces',
  })
  extendedTo?: LocalDate | null;
}

/** Standing in the register: probation falling due (预备期满) and suspension (停止党籍). */
@Resolver(() => Member)
export class MemberStandingResolver {
  @FieldResolver(() => DateScalar, {
    nullable: true,
    description:
      '预备期满日期 — a probationary member: the day probation ends (a year after joining, or the extended end); null otherwise',
  })
  probationDueOn(@Root() m: Member): LocalDate | null {
    return m.status === MemberStatus.PROBATIONARY ? probationDueOn(m) : null;
  }

  @FieldResolver({
    description:
      '预备期已满未决定 — a probationary member whose probation ended before today with no decision recorded: full membership, extension or cancellation is due',
  })
  probationOverdue(@Root() m: Member, @Ctx() ctx: Context): boolean {
    return m.status === MemberStatus.PROBATIONARY && probationDueOn(m) < ctx.today;
  }

  @FieldResolver({
    description:
      '停止党籍 — membership suspended now (see suspendedSince and suspensionDecision): no party rights, counted apart in the figures',
  })
  suspended(@Root() m: Member): boolean {
    return m.suspendedSince !== null;
  }

  @Mutation(() => MemberPayload, {
    description:
      '记录预备期满的决定 — record full membership, an extension (once, at most a year) or a cancellation of probation, as the branch decided',
  })
  decideProbation(
    @Ctx() ctx: Context,
    @Arg('input', { description: '决定内容 — the decision' }) input: DecideProbationInput,
  ): Promise<MemberPayload> {
    return runMutation(ctx, input, async (tx) => {
      const id = inputId(input.memberId, 'Member', ['input', 'memberId']);
      const member = await ctx.loaders.byId(Member).load(id);
      if (!member) refuse(ErrorCode.NOT_FOUND, M.notFound({ what: LABELS.member }), ['input', 'memberId']);
      await requireUnit(ctx, member.branchId, Permission.WRITE);
      return { member: await ctx.app.org.members.decideProbation(tx, id, input, ctx.today) };
    });
  }
}

@Resolver(() => OrgUnit)
export class OrgUnitProbationResolver {
  @FieldResolver(() => MemberConnection, {
    nullable: true,
    description:
      '预备期满 — probationary members here or below whose probation has ended (overdue) or ends within `withinDays`, the longest overdue first',
  })
  probationDue(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: ConnectionArgs,
    @Arg('withinDays', () => Int, {
      defaultValue: 0,
      description: '提前天数 — also those whose probation ends within this many days from today (0–366)',
    })
    withinDays: number,
  ) {
    if (withinDays < 0 || withinDays > 366)
      throw new AppError(ErrorCode.BAD_USER_INPUT, M.withinDays({ value: withinDays }), {
        argument: 'withinDays',
      });
    const until = plusDays(ctx.today, withinDays);
    return loadConnection(ctx, Member, 'probationDue', { until }, pageRequest(page, info), unit.id, (ids) =>
      probationDueList(ids, until),
    );
  }
}
