import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { MaxLength } from 'class-validator';
import { UserError } from '../../graphql/errors';
import { DateScalar, type LocalDate } from '../../graphql/scalars';
import { PeriodKind } from '../periods';

@ObjectType({
  description:
    '统计期 — the period a figure counts in: open, or closed (its figures no longer change), and whether an administrator reopened it',
})
export class FigurePeriod {
  @Field(() => PeriodKind, { description: '周期 — week, month, quarter or year' })
  kind: PeriodKind;

  @Field(() => DateScalar, { description: '起始日期 — first day of the period' })
  start: LocalDate;

  @Field({ description: '已关闭 — the period is closed: backdated changes to it are refused (PERIOD_CLOSED)' })
  closed: boolean;

  @Field(() => DateScalar, {
    description: '关闭日期 — the day it closes or closed: its deadline and the grace after it',
  })
  closesOn: LocalDate;

  @Field({
    description:
      '曾重新开放 — an administrator reopened this period for this unit, a unit above it or one under it: its figures may differ from what was first closed',
  })
  reopened: boolean;
}

@ObjectType({ description: '统计期重新开放 — closed periods of a module an administrator opened again for a subtree' })
export class PeriodReopening {
  @Field({ description: '模块键 — the module whose periods were reopened' })
  module: string;

  @Field(() => DateScalar, { description: '起始日期 — first day of the first reopened period' })
  fromDay: LocalDate;

  @Field(() => DateScalar, { description: '截止日期 — first day after the reopened periods (the first then open)' })
  toDay: LocalDate;

  @Field({ description: '原因 — why they were reopened' })
  reason: string;

  @Field({ description: '重新开放时间 — when they were reopened' })
  reopenedAt: Date;

  @Field(() => Date, { nullable: true, description: '再次关闭时间 — null while the periods are open' })
  closedAt: Date | null;
}

@InputType({ description: "重新开放统计期 — open a module's closed periods again for a unit and its subtree" })
export class ReopenPeriodsInput {
  @Field(() => ID, { description: '党组织 — the unit; the reopening covers its subtree' })
  unitId: string;

  @Field({ description: '模块键 — the module, e.g. weekly-reports' })
  @MaxLength(64)
  module: string;

  @Field(() => DateScalar, {
    description: '起始日期 — a day of the first period to reopen; every later closed one reopens too',
  })
  from: LocalDate;

  @Field({ description: '原因 — why (2–500 characters); kept and shown' })
  @MaxLength(500)
  reason: string;
}

@InputType({ description: '再次关闭统计期 — end the open reopenings of a module on a unit' })
export class CloseReopenedPeriodsInput {
  @Field(() => ID, { description: '党组织 — the unit the periods were reopened for' })
  unitId: string;

  @Field({ description: '模块键 — the module' })
  @MaxLength(64)
  module: string;
}

@ObjectType({ description: '统计期重新开放结果 — the reopenings made or ended, or why not' })
export class PeriodReopeningPayload {
  @Field(() => [PeriodReopening], {
    nullable: true,
    description: '重新开放记录 — the reopenings made or ended; null when userErrors is not empty',
  })
  reopenings?: PeriodReopening[] | null;

  @Field(() => [UserError], { description: '用户错误 — problems with the input; when not empty, nothing was written' })
  userErrors: UserError[];
}
