import type { GraphQLResolveInfo } from 'graphql';
import {
  Arg,
  Args,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Info,
  InputType,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { scopeSql } from '../auth/access';
import { isVisible, requireUnit } from '../auth/guard';
import { Permission } from '../auth/roles';
import type { Context } from '../context';
import { ConnectionArgs, ConnectionType, pageRequest } from '../graphql/connection';
import { loadConnection } from '../graphql/connection-loader';
import { ErrorCode, refuse, UserError } from '../graphql/errors';
import { inputId } from '../graphql/ids';
import { Node } from '../graphql/node';
import { loadNode } from '../graphql/node.resolver';
import { runMutation } from '../graphql/mutation';
import { renderMessage } from '../messages/catalogue';
import { CORE_MESSAGES as M, LABELS } from '../messages/core';
import { OrgUnit } from '../org/entities/org-unit.entity';
import { Reminder, ReminderClosure } from './reminder.entity';

export const ReminderConnection = ConnectionType(Reminder, 'Reminder', '提醒');

@InputType({ description: '关闭提醒 — close a reminder the unit has dealt with otherwise' })
export class DismissReminderInput {
  @Field(() => ID, { description: '提醒 — the reminder' })
  id: string;
}

@ObjectType({ description: '提醒关闭结果 — the reminder as it is after the mutation, or why nothing changed' })
export class ReminderPayload {
  @Field(() => Reminder, {
    nullable: true,
    description: '提醒 — the reminder after the change; null when userErrors is not empty',
  })
  reminder?: Reminder | null;

  @Field(() => [UserError], { description: '用户错误 — problems with the input; when not empty, nothing was written' })
  userErrors: UserError[];
}

@Resolver(() => Reminder)
export class ReminderResolver {
  @Query(() => ReminderConnection, {
    description:
      '我的提醒 — open reminders of the units you work for (as administrator, secretary or station staff, and everything under them), the earliest deadline first',
  })
  myReminders(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: ConnectionArgs,
    @Arg('kinds', () => [String], {
      nullable: true,
      description: '提醒类型 — only these kinds, e.g. [WEEKLY_REPORT_NOT_SUBMITTED] (the enum ReminderKind)',
    })
    kinds?: string[] | null,
  ) {
    const scope = ctx.access.workScope();
    return loadConnection(ctx, Reminder, 'myReminders', { scope, kinds }, pageRequest(page, info), 0, () => {
      const params: unknown[] = [];
      const where = [`r.closed_at IS NULL`, scopeSql('u', scope, params)];
      if (kinds?.length) where.push(`r.kind = ANY($${params.push(kinds)}::text[])`);
      return {
        partition: '0',
        id: 'r.id',
        sort: ['r.due_on', 'r.id'],
        from: `FROM reminder r JOIN org_unit u ON u.id = r.unit_id WHERE ${where.join(' AND ')}`,
        params,
      };
    });
  }

  @Mutation(() => ReminderPayload, {
    description: '关闭提醒 — close an open reminder of a unit you work for; it is not raised again for that deadline',
  })
  dismissReminder(
    @Ctx() ctx: Context,
    @Arg('input', { description: '关闭的提醒 — which reminder' }) input: DismissReminderInput,
  ): Promise<ReminderPayload> {
    return runMutation(ctx, input, async (tx) => {
      const id = inputId(input.id, 'Reminder', ['input', 'id']);
      const reminder = await tx.getRepository(Reminder).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!reminder) refuse(ErrorCode.NOT_FOUND, M.notFound({ what: LABELS.reminder }), ['input', 'id']);
      await requireUnit(ctx, reminder.unitId, Permission.MODULE_WORK);
      if (reminder.closedAt) refuse(ErrorCode.INVALID_STATE, M.reminderClosed(), ['input', 'id']);
      reminder.closedAt = ctx.now;
      reminder.closedBecause = ReminderClosure.DISMISSED;
      reminder.dismissedBy = ctx.access.viewer?.accountId ?? null;
      return { reminder: await tx.getRepository(Reminder).save(reminder) };
    });
  }

  @FieldResolver(() => OrgUnit, { description: '组织 — the unit that must act' })
  unit(@Root() r: Reminder, @Ctx() ctx: Context) {
    return ctx.loaders.byId(OrgUnit).load(r.unitId);
  }

  @FieldResolver(() => Node, {
    nullable: true,
    description:
      '对象 — what the deadline is about, as `node(subjectId)` shows it to you; null when you may not see it',
  })
  async subject(@Root() r: Reminder, @Ctx() ctx: Context) {
    const node = await loadNode(ctx, r.subjectId);
    return node && (await isVisible(ctx, node)) ? node : null;
  }

  @FieldResolver(() => String, {
    description: '提醒内容 — what to do by when, in the language asked for (Chinese by default)',
  })
  message(@Root() r: Reminder, @Ctx() ctx: Context): string {
    return renderMessage(r.message, ctx.language);
  }
}
