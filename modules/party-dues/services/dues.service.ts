import type { EntityManager } from 'typeorm';
import {
  type Act,
  type Attachment,
  checkAttachments,
  coreMessages,
  ErrorCode,
  type FiguresEngine,
  isCommitteeAbove,
  type LocalDate,
  type Member,
  MemberCategory,
  type OrgUnit,
  refuse,
} from '#module-kit';
import { DuesDeclaration } from '../entities/declaration.entity';
import { DuesDisclosure } from '../entities/disclosure.entity';
import { DuesPayment } from '../entities/payment.entity';
import { DuesReduction } from '../entities/reduction.entity';
import { DuesBasis, type DuesChannel } from '../enums';
import { DUES_LABELS as L, DUES_MESSAGES as M } from '../messages';
import { assess } from './bands';
import { loadCollection, loadMemberMonths } from './figures';
import { MODULE } from './module';
import type { DuesPolicy } from './policy';

const f = (...path: string[]) => ['input', ...path];

/** The first day of the month holding `day`. */
export const monthOf = (day: LocalDate): LocalDate => `${day.slice(0, 7)}-01`;

/** The basis a category is assessed on unless the branch says otherwise. */
export function defaultBasis(category: MemberCategory): DuesBasis {
  if (category === MemberCategory.RURAL) return DuesBasis.FARMER;
  if (category === MemberCategory.RETIRED) return DuesBasis.PENSION;
  if (category === MemberCategory.STUDENT) return DuesBasis.LOW_INCOME;
  return DuesBasis.SALARY;
}

export interface PaymentFacts {
  month: LocalDate;
  amountFen: number;
  paidOn: LocalDate;
  channel: DuesChannel;
  note?: string | null;
}

/** Declarations, reductions, payments and disclosures: the rules each keeps, and their writes. */
export class DuesService {
  constructor(
    private readonly figures: FiguresEngine,
    private readonly policy: DuesPolicy,
  ) {}

  private open(tx: EntityManager, unitId: number, from: LocalDate, act: Act, field: string, through?: LocalDate) {
    return this.figures.assertOpen(tx, { unitId, from, through, modules: [MODULE], today: act.today, field: f(field) });
  }

  private notFuture(month: LocalDate, act: Act, field: string) {
    if (month > monthOf(act.today))
      refuse(ErrorCode.BAD_USER_INPUT, M.monthInFuture({ month: month.slice(0, 7) }), f(field));
  }

  /** Refuses unless the member belonged to the branch at some time in or after `month`. */
  private async belongs(tx: EntityManager, unit: OrgUnit, member: Member, month: LocalDate, field: string) {
    const [row] = await tx.query(
      `SELECT 1 FROM membership_period p WHERE p.member_id = $1 AND p.branch_id = $2
         AND (p.valid_to IS NULL OR p.valid_to > $3::date) AND p.valid_from <= ($3::date + interval '1 month - 1 day')::date
       LIMIT 1`,
      [member.id, unit.id, month],
    );
    if (!row)
      refuse(
        ErrorCode.BAD_USER_INPUT,
        M.notOfThisBranch({ member: member.name, unit: unit.name, month: month.slice(0, 7) }),
        f(field),
      );
  }

  private beforeProbation(member: Member, month: LocalDate, field: string) {
    if (month < monthOf(member.joinedOn))
      refuse(ErrorCode.BAD_USER_INPUT, M.beforeProbation({ member: member.name, joinedOn: member.joinedOn }), f(field));
  }

  /** The units whose figures a member's dues reach: every branch that declared for them. */
  private async unitsOf(tx: EntityManager, memberId: number, also: number): Promise<number[]> {
    const rows: { unit_id: number }[] = await tx.query(
      `SELECT DISTINCT unit_id FROM pd_declaration WHERE member_id = $1`,
      [memberId],
    );
    return [...new Set([also, ...rows.map((r) => r.unit_id)])];
  }

  /** The declaration in force for a member in a month, or null. */
  async inForce(tx: EntityManager, memberId: number, month: LocalDate): Promise<DuesDeclaration | null> {
    return tx
      .getRepository(DuesDeclaration)
      .createQueryBuilder('d')
      .where('d.member_id = :memberId AND d.effective_month <= :month', { memberId, month })
      .orderBy('d.effective_month', 'DESC')
      .getOne();
  }

  async declare(
    tx: EntityManager,
    unit: OrgUnit,
    member: Member,
    x: { effectiveMonth: LocalDate; basis?: DuesBasis | null; monthlyIncomeFen?: number | null },
    act: Act,
  ): Promise<DuesDeclaration> {
    const month = monthOf(x.effectiveMonth);
    this.notFuture(month, act, 'effectiveMonth');
    await this.belongs(tx, unit, member, month, 'memberId');
    const basis = x.basis ?? defaultBasis(member.category);
    const income = x.monthlyIncomeFen ?? null;
    const banded = basis === DuesBasis.SALARY || basis === DuesBasis.PENSION;
    if (banded && income === null) refuse(ErrorCode.BAD_USER_INPUT, M.incomeRequired(), f('monthlyIncomeFen'));
    if (!banded && income !== null) refuse(ErrorCode.BAD_USER_INPUT, M.incomeNotAllowed(), f('monthlyIncomeFen'));
    if (income !== null && income < 0) refuse(ErrorCode.BAD_USER_INPUT, M.negativeIncome(), f('monthlyIncomeFen'));
    await this.open(tx, unit.id, month, act, 'effectiveMonth');
    const a = assess(this.policy, basis, income);
    // Taken before the write: a declaration replaced by another branch's leaves its old branch's figures.
    const before = await this.unitsOf(tx, member.id, unit.id);
    await tx.query(
      `INSERT INTO pd_declaration (member_id, unit_id, effective_month, basis, category, income_fen, basis_points, due_fen, declared_at, declared_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (member_id, effective_month) DO UPDATE SET unit_id = $2, basis = $4, category = $5, income_fen = $6,
         basis_points = $7, due_fen = $8, declared_at = $9, declared_by = $10`,
      [member.id, unit.id, month, basis, member.category, income, a.basisPoints, a.dueFen, act.at, act.actorId],
    );
    await this.figures.recount(tx, MODULE, before, month);
    return tx.findOneByOrFail(DuesDeclaration, { memberId: member.id, effectiveMonth: month });
  }

  /** Checks a payment against the member's dues record; returns the month it pays for. */
  private async checkPayment(tx: EntityManager, unit: OrgUnit, member: Member, x: PaymentFacts, act: Act) {
    const month = monthOf(x.month);
    if (!Number.isSafeInteger(x.amountFen) || x.amountFen <= 0)
      refuse(ErrorCode.BAD_USER_INPUT, M.amountNotPositive(), f('amountFen'));
    this.notFuture(month, act, 'month');
    if (x.paidOn > act.today) refuse(ErrorCode.BAD_USER_INPUT, coreMessages.inFuture({ field: L.paidOn }), f('paidOn'));
    this.beforeProbation(member, month, 'month');
    const declared = await this.inForce(tx, member.id, month);
    if (!declared)
      refuse(ErrorCode.BAD_USER_INPUT, M.notAssessed({ member: member.name, month: month.slice(0, 7) }), f('month'));
    if (declared.unitId !== unit.id)
      refuse(
        ErrorCode.BAD_USER_INPUT,
        M.notOfThisBranch({ member: member.name, unit: unit.name, month: month.slice(0, 7) }),
        f('memberId'),
      );
    return month;
  }

  async recordPayment(tx: EntityManager, unit: OrgUnit, member: Member, x: PaymentFacts, act: Act) {
    const month = await this.checkPayment(tx, unit, member, x, act);
    await this.open(tx, unit.id, month, act, 'month', month);
    const result = await tx.insert(DuesPayment, {
      memberId: member.id,
      unitId: unit.id,
      month,
      amountFen: x.amountFen,
      paidOn: x.paidOn,
      channel: x.channel,
      note: x.note?.trim() || null,
      recordedAt: act.at,
      recordedBy: act.actorId,
    });
    await this.figures.recount(tx, MODULE, [unit.id], month);
    return tx.findOneByOrFail(DuesPayment, { id: result.identifiers[0].id as number });
  }

  /** Corrects a payment (amount, month, day, channel); both its old and its new month must be open. */
  async correctPayment(
    tx: EntityManager,
    unit: OrgUnit,
    member: Member,
    payment: DuesPayment,
    version: number,
    x: PaymentFacts & { reason: string },
    act: Act,
  ) {
    if (payment.version !== version)
      refuse(
        ErrorCode.CONFLICT,
        coreMessages.staleVersion({ what: L.payment, version: payment.version, sent: version }),
        f('version'),
      );
    if (!x.reason.trim()) refuse(ErrorCode.BAD_USER_INPUT, M.reasonRequired(), f('reason'));
    const month = await this.checkPayment(tx, unit, member, x, act);
    await this.open(tx, unit.id, payment.month, act, 'paymentId', payment.month);
    await this.open(tx, unit.id, month, act, 'month', month);
    await tx.update(
      DuesPayment,
      { id: payment.id },
      {
        month,
        amountFen: x.amountFen,
        paidOn: x.paidOn,
        channel: x.channel,
        note: x.note?.trim() || null,
        version: payment.version + 1,
        correctedAt: act.at,
        correctionReason: x.reason.trim(),
      },
    );
    await this.figures.recount(tx, MODULE, [unit.id], month < payment.month ? month : payment.month);
    return tx.findOneByOrFail(DuesPayment, { id: payment.id });
  }

  async approveReduction(
    tx: EntityManager,
    unit: OrgUnit,
    member: Member,
    committee: OrgUnit,
    x: {
      fromMonth: LocalDate;
      toMonth: LocalDate;
      monthlyFen: number;
      reason: string;
      approvedOn: LocalDate;
      decision?: string | null;
    },
    act: Act,
  ): Promise<DuesReduction> {
    const [from, to] = [monthOf(x.fromMonth), monthOf(x.toMonth)];
    // As member development's approval: a party committee above the branch (kit), never a work station.
    if (!isCommitteeAbove(unit, committee))
      refuse(ErrorCode.BAD_USER_INPUT, M.notAbove({ committee: committee.name, unit: unit.name }), f('committeeId'));
    if (to < from) refuse(ErrorCode.BAD_USER_INPUT, M.toBeforeFrom(), f('toMonth'));
    if (x.approvedOn > act.today)
      refuse(ErrorCode.BAD_USER_INPUT, coreMessages.inFuture({ field: L.approvedOn }), f('approvedOn'));
    if (!x.reason.trim()) refuse(ErrorCode.BAD_USER_INPUT, M.reasonRequired(), f('reason'));
    if (!Number.isSafeInteger(x.monthlyFen) || x.monthlyFen < 0)
      refuse(ErrorCode.BAD_USER_INPUT, M.amountNotPositive(), f('monthlyFen'));
    await this.belongs(tx, unit, member, from, 'memberId');
    const declared = await this.inForce(tx, member.id, from);
    if (!declared)
      refuse(ErrorCode.BAD_USER_INPUT, M.notAssessed({ member: member.name, month: from.slice(0, 7) }), f('fromMonth'));
    if (x.monthlyFen >= declared.dueFen)
      refuse(ErrorCode.BAD_USER_INPUT, M.reductionNotLess({ assessed: declared.dueFen }), f('monthlyFen'));
    const [clash] = await tx.query(
      `SELECT greatest(from_month, $2::date)::text AS month FROM pd_reduction
       WHERE member_id = $1 AND from_month <= $3::date AND to_month >= $2::date ORDER BY from_month LIMIT 1`,
      [member.id, from, to],
    );
    if (clash)
      refuse(
        ErrorCode.CONFLICT,
        M.overlapping({ member: member.name, month: clash.month.slice(0, 7) }),
        f('fromMonth'),
      );
    await this.open(tx, unit.id, from, act, 'fromMonth');
    const result = await tx.insert(DuesReduction, {
      memberId: member.id,
      unitId: unit.id,
      fromMonth: from,
      toMonth: to,
      dueFen: x.monthlyFen,
      reason: x.reason.trim(),
      approvedBy: committee.id,
      approvedOn: x.approvedOn,
      decision: x.decision?.trim() || null,
      recordedAt: act.at,
      recordedBy: act.actorId,
    });
    await this.figures.recount(tx, MODULE, await this.unitsOf(tx, member.id, unit.id), from);
    return tx.findOneByOrFail(DuesReduction, { id: result.identifiers[0].id as number });
  }

  /** Publishes the branch's account of some months, with the figures as they stand now. */
  async publishDisclosure(
    tx: EntityManager,
    unit: OrgUnit,
    x: {
      fromMonth: LocalDate;
      toMonth: LocalDate;
      publishedOn: LocalDate;
      note?: string | null;
      attachments?: Attachment[] | null;
    },
    act: Act,
  ): Promise<DuesDisclosure> {
    const [from, to] = [monthOf(x.fromMonth), monthOf(x.toMonth)];
    if (to < from) refuse(ErrorCode.BAD_USER_INPUT, M.toBeforeFrom(), f('toMonth'));
    this.notFuture(to, act, 'toMonth');
    if (x.publishedOn > act.today)
      refuse(ErrorCode.BAD_USER_INPUT, coreMessages.inFuture({ field: L.publishedOn }), f('publishedOn'));
    const [months] = await loadCollection(tx, [unit.id], from, to);
    const due = months.reduce((n, m) => n + BigInt(m.due_fen), 0n);
    const paid = months.reduce((n, m) => n + BigInt(m.paid_fen), 0n);
    const lines = await loadMemberMonths(tx, { unitIds: [unit.id] }, from, to);
    const membersOwing = new Set(lines.filter((m) => m.due_fen > m.paid_fen).map((m) => m.member_id)).size;
    const exists = await tx.findOneBy(DuesDisclosure, { unitId: unit.id, fromMonth: from, toMonth: to });
    if (exists) refuse(ErrorCode.CONFLICT, coreMessages.duplicate(), f('fromMonth'));
    const result = await tx.insert(DuesDisclosure, {
      unitId: unit.id,
      fromMonth: from,
      toMonth: to,
      publishedOn: x.publishedOn,
      dueFen: due.toString(),
      paidFen: paid.toString(),
      membersOwing,
      note: x.note?.trim() || null,
      attachments: checkAttachments(x.attachments),
      publishedAt: act.at,
      publishedBy: act.actorId,
    });
    return tx.findOneByOrFail(DuesDisclosure, { id: result.identifiers[0].id as number });
  }
}
