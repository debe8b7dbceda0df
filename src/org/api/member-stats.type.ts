import { Field, Float, Int, ObjectType } from 'type-graphql';
import { describeEnum } from '../../graphql/enum';
import { Education, MemberCategory } from '../enums';

export enum AgeBand {
  UP_TO_35 = 'UP_TO_35',
  FROM_36_TO_45 = 'FROM_36_TO_45',
  FROM_46_TO_59 = 'FROM_46_TO_59',
  FROM_60_TO_69 = 'FROM_60_TO_69',
  FROM_70 = 'FROM_70',
}
describeEnum(
  AgeBand,
  'AgeBand',
  '年龄段 — age band, in whole years on the day of the request (see MemberStats for members seen masked)',
  {
    UP_TO_35: '35岁及以下 — 35 and under',
    FROM_36_TO_45: '36至45岁 — 36 to 45',
    FROM_46_TO_59: '46至59岁 — 46 to 59',
    FROM_60_TO_69: '60至69岁 — 60 to 69',
    FROM_70: '70岁及以上 — 70 and over',
  },
);

@ObjectType({ description: '年龄段人数 — members in one age band' })
export class AgeBandCount {
  @Field(() => AgeBand, { description: '年龄段 — the band' })
  band: string;

  @Field(() => Int, { description: '人数 — members in it' })
  count: number;
}

@ObjectType({ description: '类别人数 — members of one category' })
export class CategoryCount {
  @Field(() => MemberCategory, { description: '党员类别 — the category' })
  category: MemberCategory;

  @Field(() => Int, { description: '人数 — members in it' })
  count: number;
}

@ObjectType({ description: '学历人数 — members with one education level' })
export class EducationCount {
  @Field(() => Education, { description: '学历 — the level' })
  education: Education;

  @Field(() => Int, { description: '人数 — members with it' })
  count: number;
}

@ObjectType({
  description:
    '党员统计 — member figures rolled up over a unit and everything under it; departed members are not counted. Shares are fractions 0–1. Ages are whole years today; for members whose personal data the viewer sees masked, the age reached this year (this year minus the birth year).',
})
export class MemberStats {
  @Field(() => Int, { description: '党员总数 — current members' })
  total: number;

  @Field(() => Int, { description: '预备党员 — probationary members' })
  probationary: number;

  @Field(() => Int, {
    description:
      '正式党员 — full members in good standing: members whose membership is suspended are counted apart (total = probationary + full + suspended)',
  })
  full: number;

  @Field(() => Int, {
    description: '停止党籍 — members whose membership is suspended now (no party rights); in total, not in full',
  })
  suspended: number;

  @Field(() => Int, {
    description: '预备期已满未决定 — probationary members whose probation ended before today with no decision recorded',
  })
  probationOverdue: number;

  @Field(() => Int, { description: '女党员 — female members' })
  female: number;

  @Field(() => Float, {
    nullable: true,
    description: '女党员占比 — share of female members; null when there are no members',
  })
  femaleShare: number | null;

  @Field(() => Float, {
    nullable: true,
    description: '平均年龄 — average age in years (one decimal); null when there are no members',
  })
  averageAge: number | null;

  @Field(() => Int, { description: '35岁及以下 — members aged 35 and under' })
  aged35AndUnder: number;

  @Field(() => Int, { description: '60岁及以上 — members aged 60 and over' })
  aged60AndOver: number;

  @Field(() => Float, {
    nullable: true,
    description: '35岁及以下占比 — share aged 35 and under (seed 004 reports 31.5%)',
  })
  shareAged35AndUnder: number | null;

  @Field(() => Float, {
    nullable: true,
    description: '60岁及以上占比 — share aged 60 and over (seed 004 reports 34.3%)',
  })
  shareAged60AndOver: number | null;

  @Field(() => [AgeBandCount], { description: '年龄结构 — members per age band' })
  ageBands: AgeBandCount[];

  @Field(() => [CategoryCount], { description: '类别结构 — members per category (categories with members only)' })
  byCategory: CategoryCount[];

  @Field(() => [EducationCount], { description: '学历结构 — members per education level (levels with members only)' })
  byEducation: EducationCount[];

  @Field(() => Int, { description: '学历未填 — members with no education recorded' })
  educationUnknown: number;
}
