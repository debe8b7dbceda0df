import { defineModule, PeriodKind } from '#module-kit';
import {
  DuesDeclarationResolver,
  DuesDisclosureResolver,
  DuesPaymentResolver,
  DuesReductionResolver,
} from './api/dues.resolver';
import { MemberDuesFields, OrgUnitDuesFields } from './api/fields.resolver';
import { DuesDeclaration } from './entities/declaration.entity';
import { DuesDisclosure } from './entities/disclosure.entity';
import { DuesPayment } from './entities/payment.entity';
import { DuesReduction } from './entities/reduction.entity';
import { PartyDues1765600000000 } from './migrations/1765600000000-party-dues';
import { seedDues } from './seed';
import { createServices, MODULE } from './services';
import { DUES_ARREARS_FLAG } from './services/arrears-flag';
import { CLOSE_AFTER_DAYS, DUE_ROLLUP, PAID_ROLLUP, recountDues, recountOnMove, TALLIES } from './services/tallies';

export default defineModule({
  name: MODULE,
  title: '党费 Party dues',
  description:
    '党费收缴: each member’s monthly dues from the declared income by the bands (integer fen), reductions approved above, payments recorded by the branch, collection rolled up the tree, the branch’s dues disclosure, and members six months in arrears flagged for the branch (Party Constitution art. 9).',
  entities: [DuesDeclaration, DuesReduction, DuesPayment, DuesDisclosure],
  resolvers: [
    DuesPaymentResolver,
    DuesDeclarationResolver,
    DuesReductionResolver,
    DuesDisclosureResolver,
    OrgUnitDuesFields,
    MemberDuesFields,
  ],
  migrations: [PartyDues1765600000000],
  figures: {
    period: PeriodKind.MONTH,
    closeAfterDays: CLOSE_AFTER_DAYS,
    tallies: TALLIES,
    rollups: [DUE_ROLLUP, PAID_ROLLUP],
    recount: recountDues,
  },
  events: {
    declareDuesIncome: { type: 'DUES_INCOME_DECLARED', description: '党费收入已申报 — a member’s dues were assessed' },
    recordDuesPayment: { type: 'DUES_PAID', description: '党费已交纳 — a payment of dues was recorded' },
    correctDuesPayment: { type: 'DUES_PAYMENT_CORRECTED', description: '党费交纳记录已更正 — a payment was corrected' },
    approveDuesReduction: {
      type: 'DUES_REDUCED',
      description: '党费减免已登记 — a reduction approved above was recorded',
    },
    publishDuesDisclosure: {
      type: 'DUES_DISCLOSED',
      description: '党费收缴已公开 — the branch posted its dues account',
    },
  },
  memberUnitFields: ['duesDisclosures'],
  services: createServices,
  // Art. 9's dues flag joins the core's one list of flagged members (OrgUnit.flaggedMembers).
  memberFlags: [DUES_ARREARS_FLAG],
  // A transfer or a departure ends the member's dues at the branch left (README, "Months owed").
  memberMoved: recountOnMove,
  seed: seedDues,
});
