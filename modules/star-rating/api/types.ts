import { ArrayMaxSize, IsOptional, Length, MaxLength } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DateScalar, type LocalDate, MemberCategory, Node, UserError } from '#module-kit';
import { StarEntry } from '../entities/entry.entity';
import { StarScheme } from '../entities/scheme.entity';
import { CriterionKind, SubjectType } from '../enums';

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
}

@InputType({ description: "制定创星方案 — a locality's scheme for a year, new or copied from another" })
export class CreateStarSchemeInput {
  @Field(() => ID, { description: '制定单位 — the adopting unit (units under it use it unless they adopt their own)' })
  unitId: string;

  @Field(() => Int, { description: '年度 — year' })
  year: number;

  @Field(() => SubjectType, { description: '创星对象 — members, branches or committees' })
  subjectType: SubjectType;

  @Field({ description: '名称 — name' })
  @Length(1, 100)
  name: string;

  @Field(() => [Int], { description: '星级分数线 — five rising thresholds (one to five stars)' })
  @ArrayMaxSize(5)
  thresholds: number[];

  @Field(() => [StarCriterionInput], { nullable: true, description: '评星项 — criteria (omit when copying)' })
  @IsOptional()
  @ArrayMaxSize(100)
  criteria?: StarCriterionInput[];

  @Field(() => ID, { nullable: true, description: '复制方案 — copy the criteria of this scheme (e.g. the default)' })
  copyFromId?: string | null;
}

@InputType({ description: '记分 — an entry in the score book' })
export class RecordStarEntryInput {
  @Field(() => ID, { description: '创星对象 — a member, a branch or a committee' })
  subjectId: string;

  @Field(() => ID, { description: '评星项 — the criterion' })
  criterionId: string;

  @Field(() => DateScalar, { description: '日期 — when it happened' })
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
  year: number;

  @Field(() => Int, { description: '季度 — quarter, 1–4' })
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
  @Field(() => Int, { description: '定星数 — grades fixed now (those fixed before are kept as they were)' })
  fixed: number;

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

  @Field(() => Int, { description: '得分 — year-to-date score (confirmed entries)' })
  score: number;

  @Field(() => Int, { description: '当前星级 — live grade, 0–5' })
  grade: number;

  @Field({ description: '否决 — a veto item applies: grade zero for the year' })
  vetoed: boolean;

  @Field(() => Int, { description: '减星 — stars taken off by deductions' })
  starsOff: number;

  @Field(() => [MonthPoints], { description: '月度汇总 — points per month' })
  monthly: MonthPoints[];

  @Field(() => [QuarterGrade], { description: '季度星级 — official grades fixed so far' })
  quarters: QuarterGrade[];
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
}

@ObjectType({ description: '星级排名 — the ranking of subjects under a unit' })
export class StarRanking {
  @Field(() => Int, { description: '总数 — subjects ranked' })
  total: number;

  @Field(() => [RankingEntry], { description: '名次 — the top of the ranking' })
  entries: RankingEntry[];
}

@ObjectType({ description: '星级分布 — how many subjects hold each grade' })
export class GradeCount {
  @Field(() => Int, { description: '星级 — grade, 0–5' })
  grade: number;

  @Field(() => Int, { description: '数量 — subjects' })
  count: number;
}

@ObjectType({ description: "年终结果 — a subject's year-end grade and what follows from it" })
export class YearEndOutcome {
  @Field(() => Node, { nullable: true, description: '对象 — the member, branch or committee' })
  subject: Node | null;

  @Field(() => Int, { description: '星级 — grade at year end' })
  grade: number;

  @Field(() => Float, {
    nullable: true,
    description: '绩效补贴调整 — branches: allowance adjustment in percent (policy)',
  })
  allowancePercent: number | null;
}
