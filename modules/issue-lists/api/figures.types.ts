import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateScalar, type LocalDate, OrgUnit } from '#module-kit';
import { HandlingLevel } from '../enums';

@ObjectType({
  description:
    "分级解决 — issues solved on one level's lists (市-县-镇-站(村)): the level of the list the solving unit worked on, as the tree was the day it was reported solved, whatever the unit's kind",
})
export class LevelCount {
  @Field(() => HandlingLevel, { description: '层级 — the level' })
  level: HandlingLevel;

  @Field(() => Int, {
    description:
      '销号数 — solved on this level and crossed off (销号) in the period: the figure Qinzhou reports by level',
  })
  closed: number;

  @Field(() => Int, {
    description:
      '待销号 — reported solved on this level in the period and not yet crossed off at its last day (counted apart from closed)',
  })
  awaitingConfirmation: number;

  @Field(() => Float, {
    nullable: true,
    description: '占比 — share of all issues crossed off in the period (closed ÷ IssueStats.closed); null when none',
  })
  share: number | null;
}

@ObjectType({
  description:
    '问题统计 — issue figures under a unit over a period, summed from per-unit daily tallies as the tree was on each day',
})
export class IssueStats {
  @Field(() => DateScalar, { description: '起始 — first day' })
  from: LocalDate;

  @Field(() => DateScalar, { description: '截止 — last day' })
  to: LocalDate;

  @Field(() => Int, { description: '登记 — issues raised in the period' })
  raised: number;

  @Field(() => Int, {
    description: '办结 — reported solved in the period by the handler, whether crossed off since or not',
  })
  resolved: number;

  @Field(() => Int, { description: '销号 — confirmed and crossed off in the period' })
  closed: number;

  @Field(() => Int, {
    description: '待销号 — reported solved in the period and not crossed off by its last day (awaiting confirmation)',
  })
  awaitingConfirmation: number;

  @Field(() => Int, { description: '逾期 — open now and past their deadline' })
  overdueNow: number;

  @Field(() => Float, {
    nullable: true,
    description: '销号中位天数 — median days from raising to closing, of those closed in the period',
  })
  medianDaysToClose: number | null;

  @Field(() => [LevelCount], {
    description:
      '分级解决 — by the level of the list each issue was solved on: crossed off, and awaiting confirmation, counted apart (Qinzhou: of 13,159 solved, 9,150 at station or village level and 3,336 at township level)',
  })
  resolvedByLevel: LevelCount[];

  /** The unit and the months the range touches, for `periods` (a field resolver, batched). */
  unitId: number;
  periodStarts: LocalDate[];
}

@ObjectType({ description: '责任清单条目 — open issues of one responsible unit and person' })
export class ResponsibilityEntry {
  unitId: number;

  @Field(() => OrgUnit, { nullable: true, description: '责任单位 — the responsible unit' })
  unit?: OrgUnit | null;

  @Field(() => String, { nullable: true, description: '责任人 — the responsible person' })
  person: string | null;

  @Field(() => Int, { description: '在办 — open issues' })
  open: number;

  @Field(() => Int, {
    description:
      '待交办 — of which nobody is responsible for yet (OPEN: just raised, or handed up or down to this unit, which holds them until it assigns them)',
  })
  unassigned: number;

  @Field(() => Int, { description: '逾期 — of which past their deadline' })
  overdue: number;

  @Field(() => DateScalar, { description: '最早登记 — the oldest open issue was raised on' })
  oldestRaisedOn: LocalDate;

  @Field(() => DateScalar, { nullable: true, description: '最近时限 — the nearest deadline' })
  nextDeadline: LocalDate | null;
}

@ObjectType({
  description:
    '督导覆盖 — random inspections under a unit over a period (seed 000: 随机督查40个镇106个村, 确定列为重点整改村9个), computed in PostgreSQL',
})
export class InspectionCoverage {
  @Field(() => DateScalar, { description: '起始 — first day' })
  from: LocalDate;

  @Field(() => DateScalar, { description: '截止 — last day' })
  to: LocalDate;

  @Field(() => Int, {
    description:
      '督导次数 — inspections in the period of this unit or of units under it (as placed on the inspection day)',
  })
  inspections: number;

  @Field(() => Int, {
    description:
      '乡镇数 — townships and subdistricts under this unit on the last day of the period, with the module on for them that day',
  })
  townships: number;

  @Field(() => Int, {
    description: '督导乡镇 — of which at least one inspection in the period was of the township or of a unit under it',
  })
  townshipsInspected: number;

  @Field(() => Int, {
    description:
      '村（社区）数 — village and community organisations under this unit on the last day of the period, with the module on for them that day (a village counts once, not its sub-branches)',
  })
  villages: number;

  @Field(() => Int, {
    description:
      '督导村（社区） — of which at least one inspection in the period was of the village or of a unit in it',
  })
  villagesInspected: number;

  @Field(() => Float, {
    nullable: true,
    description: '覆盖率 — villages inspected ÷ villages; null when there are no villages',
  })
  villageCoverage: number | null;

  @Field(() => Int, { description: '列为重点整改 — of the villages, those marked for key rectification in the period' })
  villagesMarked: number;

  @Field(() => Int, {
    description: '重点整改村 — of the villages, those under key rectification on the last day of the period',
  })
  villagesUnderKeyRectification: number;

  /** The unit and the months the range touches, for `periods` (a field resolver, batched). */
  unitId: number;
  periodStarts: LocalDate[];
}
