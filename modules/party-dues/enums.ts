import { describeEnum } from '#module-kit';

/** What a member's dues are assessed on (docs/RULES.md, "Party dues"). */
export enum DuesBasis {
  SALARY = 'SALARY',
  PENSION = 'PENSION',
  FARMER = 'FARMER',
  LOW_INCOME = 'LOW_INCOME',
}
describeEnum(DuesBasis, 'DuesBasis', '党费计算依据 — what a member’s monthly dues are assessed on', {
  SALARY: '工资收入 — a share of the monthly post-tax pay, by the bands',
  PENSION: '离退休费 — a share of the monthly pension (retired members), by the retired bands',
  FARMER: '农民党员 — a flat monthly amount (rural members who farm)',
  LOW_INCOME:
    '学生、下岗失业、低保 — the minimum flat amount (students, the unemployed, subsistence-allowance recipients)',
});

/** How a payment reached the branch. */
export enum DuesChannel {
  CASH = 'CASH',
  TRANSFER = 'TRANSFER',
  ONLINE = 'ONLINE',
  PAYROLL = 'PAYROLL',
}
describeEnum(DuesChannel, 'DuesChannel', '交纳方式 — how a payment reached the branch', {
  CASH: '现金 — cash handed to the branch',
  TRANSFER: '银行转账 — bank transfer',
  ONLINE: '网上交纳 — paid online (an app or the party-building platform)',
  PAYROLL: '工资代扣 — deducted from pay by the employer',
});

/** How one month of a member's dues stands. */
export enum DuesMonthStatus {
  PAID = 'PAID',
  PART_PAID = 'PART_PAID',
  UNPAID = 'UNPAID',
  WAIVED = 'WAIVED',
}
describeEnum(DuesMonthStatus, 'DuesMonthStatus', '当月党费情况 — how one month of a member’s dues stands', {
  PAID: '已交 — paid in full',
  PART_PAID: '未交足 — paid in part',
  UNPAID: '未交 — nothing paid',
  WAIVED: '免交 — exempted by the committee above (not unpaid)',
});
