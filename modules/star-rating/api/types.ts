import { ArrayMaxSize, IsOptional, Length, Max, MaxLength, Min } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DateScalar, IdReach, type LocalDate, MemberCategory, Node, OrgUnit, Reaches, UserError } from '#module-kit';
import { StarEntry } from '../entities/entry.entity';
import { ModelStar } from '../entities/model-star.entity';
import { StarScheme } from '../entities/scheme.entity';
import { CriterionKind, CriterionSource, SubjectType } from '../enums';

/**
 * Which unit's figure of which year an object is (not a GraphQL field): its `period` is resolved
 * from it (api/figure-period.resolver.ts). `path` is the unit's path when the resolver has it.
 */
export interface FigureOf {
  unitId: number;
  path: string | null;
  year: number;
}

@InputType({ description: '评星项 — one criterion of a new scheme' })
export class StarCriterionInput {
  @Field({ description: '编号 — code' })
  @Length(1, 20)
  code: string;

  @Field({ description: '内容 — what earns or costs points' })
  @Length(1, 200)
  title: string;

  @Field(() => CriterionKind, { description: '类型 — regular, deduction or veto' })
  kind: CriterionKind;

  @Field(() => Int, { description: '分值 — points (negative for deductions in points; 0 for vetoes)' })
  points: number;

  @Field(() => Boolean, { nullable: true, description: '按数量计分 — points per unit of quantity' })
  perQuantity?: boolean | null;

  @Field(() => Int, { nullable: true, description: "年度上限 — cap on this criterion's points in a year" })
  cap?: number | null;

  @Field(() => Int, { nullable: true, description: '减星 — stars taken off per entry (deductions)' })
  starsOff?: number | null;

  @Field(() => MemberCategory, { nullable: true, description: '适用类别 — only members of this category' })
  memberCategory?: MemberCategory | null;

  @Field(() => CriterionSource, {
    nullable: true,
    description: '记分来源 — records that become entries of it (at most one criterion of a scheme per source)',
  })
  source?: CriterionSource | null;
}

@InputType({ description: "制定创星方案 — a locality's scheme for a year, new or copied from another" })
export class CreateStarSchemeInput {
  @Field(() => ID, { description: '制定单位 — the adopting unit (units under it use it unless they adopt their own)' })
  unitId: string;

  @Field(() => Int, { description: '年度 — year' })
  @Min(2000)
  @Max(2100)
  year: number;

  @Field(() => SubjectType, { description: '创星对象 — members, branches or committees' })
  subjectType: SubjectType;

  @Field({ description: '名称 — name' })
  @Length(1, 100)
  name: string;

  @Field(() => [Int], { description: '星级分数线 — five rising thresholds (one to five stars)' })
  @ArrayMaxSize(5)
  thresholds: number[];

  @Field(() => [StarCriterionInput], {
    nullable: true,
    description: '评星项 — criteria; omit when copying (criteria and copyFromId together are refused)',
  })
  @IsOptional()
  @ArrayMaxSize(100)
  criteria?: StarCriterionInput[];

  @Field(() => ID, {
    nullable: true,
    description:
      '复制方案 — copy the criteria of this scheme (e.g. the default adopted above): one for the same kind of subject, that the viewer may read',
  })
  @Reaches(IdReach.UNIT_ABOVE_WORK) // a scheme adopted above (the city's default), never another county's
  copyFromId?: string | null;
}

@InputType({ description: '记分 — an entry in the score book' })
export class RecordStarEntryInput {
  @Field(() => ID, { description: '创星对象 — a member, a branch or a committee' })
  subjectId: string;

  @Field(() => ID, { description: '评星项 — the criterion' })
  @Reaches(IdReach.UNIT_ABOVE_WORK) // a criterion of the scheme adopted above the subject's unit
  criterionId: string;

  @Field(() => DateScalar, {
    description:
      '日期 — when it happened: not in the future, recorded by the end of the month after its month (policy), never in a quarter already fixed',
  })
  occurredOn: LocalDate;

  @Field(() => Int, { defaultValue: 1, description: '数量 — quantity (for per-quantity criteria)' })
  quantity: number;

  @Field(() => String, { nullable: true, description: '佐证 — evidence note' })
  @IsOptional()
  @MaxLength(2000)
  evidence?: string | null;
}

@InputType({ description: '记分操作 — an entry, and why (for corrections)' })
export class StarEntryActionInput {
  @Field(() => ID, { description: '记分 — the entry' })
  entryId: string;

  @Field(() => String, { nullable: true, description: '原因 — why (corrections)' })
  @IsOptional()
  @MaxLength(1000)
  reason?: string | null;
}

@InputType({ description: "季度定星 — fix the official grades at a quarter's end" })
export class FixStarGradesInput {
  @Field(() => ID, { description: '范围 — the unit whose subjects are graded' })
  unitId: string;

  @Field(() => SubjectType, { description: '创星对象 — which subjects' })
  subjectType: SubjectType;

  @Field(() => Int, { description: '年度 — year' })
  @Min(2000)
  @Max(2100)
  year: number;

  @Field(() => Int, { description: '季度 — quarter, 1–4' })
  @Min(1)
  @Max(4)
  quarter: number;
}

@ObjectType({ description: '方案变更结果 — the scheme after the change' })
export class StarSchemePayload {
  @Field(() => StarScheme, { nullable: true, description: '创星方案 — the scheme; null when userErrors is not empty' })
  scheme?: StarScheme | null;

  @Field(() => [UserError], { description: '用户错误 — problems with the input; when not empty, nothing was written' })
  userErrors: UserError[];
}

@ObjectType({ description: '记分变更结果 — the entry after the change' })
export class StarEntryPayload {
  @Field(() => StarEntry, { nullable: true, description: '记分 — the entry; null when userErrors is not empty' })
  entry?: StarEntry | null;

  @Field(() => [UserError], { description: '用户错误 — problems with the input; when not empty, nothing was written' })
  userErrors: UserError[];
}

@ObjectType({ description: '定星结果 — how many official grades were fixed' })
export class FixStarGradesPayload {
  @Field(() => Int, {
    description:
      '定星数 — grades fixed now for rated subjects (those fixed before are kept as they were; subjects without a score book stay not rated)',
  })
  fixed: number;

  @Field(() => Int, {
    description:
      '待确认未计 — entries of the quarter still awaiting confirmation when it was fixed: they do not count, and can no longer be confirmed',
  })
  pendingLeftOut: number;

  @Field(() => [UserError], { description: '用户错误 — problems with the input; when not empty, nothing was written' })
  userErrors: UserError[];
}

@ObjectType({ description: '月度得分 — points confirmed in one month (一月一汇总)' })
export class MonthPoints {
  @Field(() => Int, { description: '月份 — month, 1–12' })
  month: number;

  @Field(() => Int, { description: '得分 — points' })
  points: number;
}

@ObjectType({ description: "季度星级 — an official grade fixed at a quarter's end" })
export class QuarterGrade {
  @Field(() => Int, { description: '季度 — quarter' })
  quarter: number;

  @Field(() => Int, { description: '得分 — year-to-date score then' })
  score: number;

  @Field(() => Int, { description: '星级 — grade, 0–5' })
  grade: number;
}

@ObjectType({ description: "星级情况 — a subject's standing in a year: the live grade follows the year-to-date score" })
export class StarStanding {
  @Field(() => Int, { description: '年度 — year' })
  year: number;

  @Field({
    description:
      '已评定 — has a score book this year (a confirmed entry under the scheme that applies); otherwise not rated, never 0★',
  })
  rated: boolean;

  @Field(() => Int, { description: '得分 — year-to-date score (confirmed entries)' })
  score: number;

  @Field(() => Int, { nullable: true, description: '当前星级 — live grade, 0–5; null when not rated' })
  grade: number | null;

  @Field({ description: '否决 — a veto item applies: grade zero for the year' })
  vetoed: boolean;

  @Field(() => Int, { description: '减星 — stars taken off by deductions' })
  starsOff: number;

  @Field(() => [MonthPoints], { description: '月度汇总 — points per month' })
  monthly: MonthPoints[];

  @Field(() => [QuarterGrade], { description: '季度星级 — official grades fixed so far' })
  quarters: QuarterGrade[];
  /** 统计期: resolved by api/figure-period.resolver.ts from this. */
  of?: FigureOf;
}

@ObjectType({ description: '排名 — one place in a published ranking; ties share a position' })
export class RankingEntry {
  @Field(() => Int, { description: '名次 — position' })
  position: number;

  @Field(() => Node, { nullable: true, description: '对象 — the member, branch or committee' })
  subject: Node | null;

  @Field(() => Int, { description: '得分 — score' })
  score: number;

  @Field(() => Int, { description: '星级 — grade' })
  grade: number;

  @Field({ description: '否决 — vetoed this year: grade zero, ranked after every subject of the same grade' })
  vetoed: boolean;
}

@ObjectType({
  description:
    '星级排名 — the ranking of the rated subjects under a unit: by grade, then score (a vetoed subject after the others of its grade, so never above a starred one); ties share a position',
})
export class StarRanking {
  @Field(() => Int, { description: '总数 — subjects ranked (rated)' })
  total: number;

  @Field(() => Int, {
    description: '未评定 — subjects under the unit with no score book this year: not ranked, never 0★',
  })
  notRated: number;

  @Field(() => [RankingEntry], { description: '名次 — the top of the ranking' })
  entries: RankingEntry[];
  /** 统计期: resolved by api/figure-period.resolver.ts from this. */
  of?: FigureOf;
}

@ObjectType({ description: '星级分布 — how many subjects hold each grade' })
export class GradeCount {
  @Field(() => Int, { description: '星级 — grade, 0–5' })
  grade: number;

  @Field(() => Int, { description: '数量 — subjects' })
  count: number;
  /** 统计期: resolved by api/figure-period.resolver.ts from this. */
  of?: FigureOf;
}

@ObjectType({ description: "年终结果 — a subject's year-end grade and what follows from it" })
export class YearEndOutcome {
  @Field(() => Node, { nullable: true, description: '对象 — the member, branch or committee' })
  subject: Node | null;

  @Field(() => Int, { description: '星级 — grade at year end' })
  grade: number;

  @Field(() => Int, { description: '得分 — score at year end' })
  score: number;

  @Field({
    description:
      "定星 — the grade is the fourth quarter's fixed grade (true), or the live grade on 31 December where that quarter was not fixed for this subject (false)",
  })
  official: boolean;

  @Field(() => Float, {
    nullable: true,
    description: '绩效补贴调整 — branches: allowance adjustment in percent (policy)',
  })
  allowancePercent: number | null;
  /** 统计期: resolved by api/figure-period.resolver.ts from this. */
  of?: FigureOf;
}

@InputType({ description: '确认示范星 — the county confirms a model star the rule proposes' })
export class ConfirmModelStarInput {
  @Field(() => ID, { description: '对象 — the branch or grassroots, township or subdistrict committee' })
  subjectId: string;

  @Field(() => Int, { description: '年度 — the year, once it has ended' })
  year: number;

  @Field({ description: '县委意见 — the county’s reasons for confirming it' })
  @Length(1, 2000)
  note: string;
}

@ObjectType({ description: '示范星确认结果 — the model star confirmed, or why not' })
export class ModelStarPayload {
  @Field(() => ModelStar, {
    nullable: true,
    description: '示范星 — the designation; null when userErrors is not empty',
  })
  modelStar?: ModelStar | null;

  @Field(() => [UserError], { description: '用户错误 — problems with the input; when not empty, nothing was written' })
  userErrors: UserError[];
}

@ObjectType({
  description:
    '示范星推荐 — a branch or committee the model-star rule proposes at year end, with the figures and reasons; confirmed by the county',
})
export class ModelStarCandidate {
  @Field(() => Int, {
    description:
      '名次 — rank among those proposed: own grade, then share of members at the rule’s grade, then own score',
  })
  position: number;

  @Field(() => OrgUnit, { nullable: true, description: '对象 — the branch or committee' })
  subject: OrgUnit | null;

  @Field(() => Int, { description: '本级星级 — its own year-end grade (fortress or service star)' })
  grade: number;

  @Field(() => Int, { description: '得分 — its own year-end score' })
  score: number;

  @Field({ description: "定星 — its own grade is the fourth quarter's fixed grade (else live on 31 December)" })
  official: boolean;

  @Field(() => Int, { description: '党员数 — its members (a committee: the members under it), rated or not' })
  members: number;

  @Field(() => Int, { description: '达标党员 — members at the rule’s grade or above at year end' })
  membersAtOrAbove: number;

  @Field(() => Float, { nullable: true, description: '达标比例 — membersAtOrAbove ÷ members' })
  memberShare: number | null;

  @Field(() => [String], { description: '评定依据 — each condition of the rule and its figures' })
  reasons: string[];

  @Field(() => ModelStar, { nullable: true, description: '已确认 — the county’s confirmation, once made' })
  modelStar: ModelStar | null;
  /** 统计期: resolved by api/figure-period.resolver.ts from this. */
  of?: FigureOf;
}

@ObjectType({ description: '示范星名次 — a confirmed model star and its place in the list' })
export class RankedModelStar {
  @Field(() => Int, {
    description: '名次 — by own grade, then share of members at the rule’s grade, then own score; ties share it',
  })
  position: number;

  @Field(() => ModelStar, { nullable: true, description: '示范星 — the designation' })
  modelStar: ModelStar | null;
}
