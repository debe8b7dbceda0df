import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateScalar, type LocalDate, OrgUnit } from '#module-kit';
import { HandlingLevel } from '../enums';

@ObjectType({ description: '分级办结 — issues resolved at one level in the period' })
export class LevelCount {
  @Field(() => HandlingLevel, { description: '层级 — the level' })
  level: HandlingLevel;

  @Field(() => Int, { description: '办结数 — resolved at that level' })
  count: number;

  @Field(() => Float, { nullable: true, description: '占比 — share of all resolved' })
  share: number | null;
}

@ObjectType({ description: '问题统计 — issue figures under a unit over a period, computed in PostgreSQL' })
export class IssueStats {
  @Field(() => DateScalar, { description: '起始 — first day' })
  from: LocalDate;

  @Field(() => DateScalar, { description: '截止 — last day' })
  to: LocalDate;

  @Field(() => Int, { description: '登记 — issues raised in the period' })
  raised: number;

  @Field(() => Int, { description: '办结 — resolved in the period' })
  resolved: number;

  @Field(() => Int, { description: '销号 — closed in the period' })
  closed: number;

  @Field(() => Int, { description: '逾期 — open now and past their deadline' })
  overdueNow: number;

  @Field(() => Float, {
    nullable: true,
    description: '销号中位天数 — median days from raising to closing, of those closed in the period',
  })
  medianDaysToClose: number | null;

  @Field(() => [LevelCount], {
    description:
      '分级办结 — resolved by level (Qinzhou: 9,150 at station/village level, 3,336 at township level of 13,159)',
  })
  resolvedByLevel: LevelCount[];
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

  @Field(() => Int, { description: '逾期 — of which past their deadline' })
  overdue: number;

  @Field(() => DateScalar, { description: '最早登记 — the oldest open issue was raised on' })
  oldestRaisedOn: LocalDate;

  @Field(() => DateScalar, { nullable: true, description: '最近时限 — the nearest deadline' })
  nextDeadline: LocalDate | null;
}
