import { ArrayMaxSize, IsOptional, Length } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import {
  AttachmentInput,
  DateScalar,
  FigurePeriod,
  IdReach,
  type LocalDate,
  Member,
  OrgUnit,
  Reaches,
  UserError,
} from '#module-kit';
import { DuesDeclaration } from '../entities/declaration.entity';
import { DuesDisclosure } from '../entities/disclosure.entity';
import { DuesPayment } from '../entities/payment.entity';
import { DuesReduction } from '../entities/reduction.entity';
import { DuesBasis, DuesChannel, DuesMonthStatus } from '../enums';

const FEN = '（分）';

@InputType({ description: '申报党费收入 — a member’s monthly income (or flat basis) from a month on' })
export class DeclareDuesIncomeInput {
  @Field(() => ID, { description: '党支部 — the member’s branch' })
  unitId: string;

  @Field(() => ID, { description: '党员 — a member of the branch' })
  memberId: string;

  @Field(() => DateScalar, {
    description: '起始月份 — a day of the first month it is in force; not a later month than this one',
  })
  effectiveMonth: LocalDate;

  @Field(() => DuesBasis, {
    nullable: true,
    description: '计算依据 — pay, pension or a flat amount; from the member’s category when omitted',
  })
  basis?: DuesBasis | null;

  @Field(() => Int, {
    nullable: true,
    description: `月收入${FEN} — the monthly post-tax pay or pension in integer fen (pay and pension only)`,
  })
  monthlyIncomeFen?: number | null;
}

@InputType({ description: '党费交纳 — what a payment says' })
export class DuesPaymentFactsInput {
  @Field(() => DateScalar, {
    description: '所属月份 — a day of the month it pays for; not a later month than this one',
  })
  month: LocalDate;

  @Field(() => Int, { description: `金额${FEN} — the amount in integer fen, more than 0` })
  amountFen: number;

  @Field(() => DateScalar, { description: '交纳日期 — the day it was paid; not in the future' })
  paidOn: LocalDate;

  @Field(() => DuesChannel, { description: '交纳方式 — how it was paid' })
  channel: DuesChannel;

  @Field(() => String, { nullable: true, description: '备注 — a note' })
  @IsOptional()
  @Length(1, 500)
  note?: string | null;
}

@InputType({ description: '登记党费交纳 — a payment the branch received' })
export class RecordDuesPaymentInput extends DuesPaymentFactsInput {
  @Field(() => ID, { description: '党支部 — the branch the dues of that month are owed to' })
  unitId: string;

  @Field(() => ID, { description: '党员 — who paid' })
  memberId: string;
}

@InputType({ description: '更正党费交纳记录 — the payment as it should read, and why' })
export class CorrectDuesPaymentInput extends DuesPaymentFactsInput {
  @Field(() => ID, { description: '交纳记录 — the payment to correct' })
  paymentId: string;

  @Field(() => Int, { description: '版本 — the version read' })
  version: number;

  @Field({ description: '更正理由 — why it is corrected' })
  @Length(1, 500)
  reason: string;
}

@InputType({ description: '登记党费减免 — a reduction or exemption approved by a committee above the branch' })
export class ApproveDuesReductionInput {
  @Field(() => ID, { description: '党支部 — the member’s branch, which records it' })
  unitId: string;

  @Field(() => ID, { description: '党员 — whose dues are reduced' })
  memberId: string;

  @Field(() => ID, { description: '批准党委 — the committee above the branch that approved it' })
  @Reaches(IdReach.UNIT_ABOVE_WORK)
  committeeId: string;

  @Field(() => DateScalar, { description: '起始月份 — a day of the first month reduced' })
  fromMonth: LocalDate;

  @Field(() => DateScalar, { description: '截止月份 — a day of the last month reduced' })
  toMonth: LocalDate;

  @Field(() => Int, { description: `减免后月应交${FEN} — the monthly dues in those months; 0 exempts them` })
  monthlyFen: number;

  @Field({ description: '理由 — why (hardship, illness, …)' })
  @Length(1, 500)
  reason: string;

  @Field(() => DateScalar, { description: '批准日期 — the day the committee approved it' })
  approvedOn: LocalDate;

  @Field(() => String, { nullable: true, description: '批准文号 — the committee’s decision, by reference' })
  @IsOptional()
  @Length(1, 200)
  decision?: string | null;
}

@InputType({ description: '党费收缴公开 — the branch’s public account of some months' })
export class PublishDuesDisclosureInput {
  @Field(() => ID, { description: '党支部 — the branch' })
  unitId: string;

  @Field(() => DateScalar, { description: '起始月份 — a day of the first month disclosed' })
  fromMonth: LocalDate;

  @Field(() => DateScalar, { description: '截止月份 — a day of the last month disclosed' })
  toMonth: LocalDate;

  @Field(() => DateScalar, { description: '公开日期 — the day it was posted; not in the future' })
  publishedOn: LocalDate;

  @Field(() => String, { nullable: true, description: '说明 — a note' })
  @IsOptional()
  @Length(1, 2000)
  note?: string | null;

  @Field(() => [AttachmentInput], { nullable: true, description: '附件 — the posted notice and photos, by reference' })
  @IsOptional()
  @ArrayMaxSize(50)
  attachments?: AttachmentInput[] | null;
}

const ERRORS = { description: '用户错误 — problems with the input; when not empty, nothing was written' };

@ObjectType({ description: '党费核定结果 — the declaration, or why not' })
export class DuesDeclarationPayload {
  @Field(() => DuesDeclaration, { nullable: true, description: '党费核定 — null when userErrors is not empty' })
  declaration?: DuesDeclaration | null;

  @Field(() => [UserError], ERRORS)
  userErrors: UserError[];
}

@ObjectType({ description: '党费交纳结果 — the payment, or why not' })
export class DuesPaymentPayload {
  @Field(() => DuesPayment, { nullable: true, description: '交纳记录 — null when userErrors is not empty' })
  payment?: DuesPayment | null;

  @Field(() => [UserError], ERRORS)
  userErrors: UserError[];
}

@ObjectType({ description: '党费减免结果 — the reduction, or why not' })
export class DuesReductionPayload {
  @Field(() => DuesReduction, { nullable: true, description: '党费减免 — null when userErrors is not empty' })
  reduction?: DuesReduction | null;

  @Field(() => [UserError], ERRORS)
  userErrors: UserError[];
}

@ObjectType({ description: '党费收缴公开结果 — the disclosure, or why not' })
export class DuesDisclosurePayload {
  @Field(() => DuesDisclosure, { nullable: true, description: '党费收缴公开 — null when userErrors is not empty' })
  disclosure?: DuesDisclosure | null;

  @Field(() => [UserError], ERRORS)
  userErrors: UserError[];
}

@ObjectType({ description: '月度党费收缴 — one month of dues under a unit' })
export class DuesMonthFigure {
  @Field(() => DateScalar, { description: '月份 — the month (first day)' })
  month: LocalDate;

  @Field({ description: `应交${FEN} — dues owed for the month, integer fen as a string` })
  dueFen: string;

  @Field({ description: `实交${FEN} — paid for the month, integer fen as a string` })
  paidFen: string;

  @Field({
    description: `已收足额部分${FEN} — paid up to each member’s dues (an overpayment does not hide another’s arrears)`,
  })
  settledFen: string;

  @Field(() => Float, { nullable: true, description: '收缴率 — settled ÷ owed; null when nothing was owed' })
  collectionRate: number | null;

  @Field(() => Int, { description: '应交人数 — members owing more than nothing for the month' })
  membersDue: number;

  @Field(() => Int, { description: '交足人数 — members who paid the month in full' })
  membersPaid: number;

  @Field(() => Int, { description: '欠交人数 — members owing who had not paid the month in full' })
  membersInArrears: number;
}

@ObjectType({ description: '党费收缴情况 — dues owed and paid under a unit, month by month' })
export class DuesCollection {
  @Field({ description: `应交${FEN} — owed over the months, integer fen as a string` })
  dueFen: string;

  @Field({ description: `实交${FEN} — paid for the months, integer fen as a string` })
  paidFen: string;

  @Field({ description: `已收足额部分${FEN} — paid up to each member’s dues` })
  settledFen: string;

  @Field(() => Float, {
    nullable: true,
    description: '收缴率 — settled ÷ owed over the months; null when nothing was owed',
  })
  collectionRate: number | null;

  @Field(() => [DuesMonthFigure], { description: '按月 — each month' })
  months: DuesMonthFigure[];

  @Field(() => [FigurePeriod], { description: '统计期 — the months counted, closed or open, reopened or not' })
  figurePeriods: FigurePeriod[];
}

@ObjectType({ description: '党员当月党费 — one month of a member’s dues' })
export class MemberDuesMonth {
  @Field(() => DateScalar, { description: '月份 — the month (first day)' })
  month: LocalDate;

  @Field(() => Int, { description: `应交${FEN} — owed (after any reduction)` })
  dueFen: number;

  @Field(() => Int, { description: `实交${FEN} — paid for the month` })
  paidFen: number;

  @Field(() => Int, { description: `欠交${FEN} — still owed` })
  owedFen: number;

  @Field(() => DuesMonthStatus, { description: '情况 — paid, part paid, unpaid or waived' })
  status: DuesMonthStatus;
}

@ObjectType({ description: '党员党费账 — a member’s dues over some months' })
export class MemberDuesAccount {
  @Field(() => Int, { description: '应交月数 — months owing more than nothing' })
  monthsDue: number;

  @Field(() => Int, { description: '交足月数 — months paid in full' })
  monthsPaid: number;

  @Field(() => Int, { description: `应交${FEN} — owed over the months` })
  dueFen: number;

  @Field(() => Int, { description: `实交${FEN} — paid for the months` })
  paidFen: number;

  @Field(() => Int, { description: `欠交${FEN} — what is still owed, month by month` })
  owedFen: number;

  @Field(() => [MemberDuesMonth], { description: '按月 — each month owed (months not owed are left out)' })
  months: MemberDuesMonth[];
}

@ObjectType({
  description:
    '连续六个月未交党费 — a member with six or more months in a row unpaid (Party Constitution art. 9), for the branch to act on',
})
export class DuesArrears {
  @Field(() => Member, { description: '党员 — the member' })
  member: Member;

  @Field(() => OrgUnit, { description: '党支部 — the branch the dues are owed to' })
  branch: OrgUnit;

  @Field(() => DateScalar, { description: '起始月份 — the first unpaid month of the run' })
  since: LocalDate;

  @Field(() => DateScalar, { description: '截止月份 — the last closed month (the run’s last)' })
  through: LocalDate;

  @Field(() => Int, { description: '月数 — months in the run' })
  months: number;

  @Field(() => Int, { description: `欠交${FEN} — owed for those months` })
  owedFen: number;

  @Field({ description: '说明 — the run in words' })
  detail: string;
}
