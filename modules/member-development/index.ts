import { defineModule } from '#module-kit';
import { DevelopmentRecordResolver } from './api/development.resolver';
import { OrgUnitDevelopmentFields } from './api/fields.resolver';
import { DevelopmentRecord } from './entities/record.entity';
import { DevelopmentStepRecord } from './entities/step.entity';
import { MemberDevelopment1765500000000 } from './migrations/1765500000000-member-development';
import { MemberDevelopmentTally1765800000000 } from './migrations/1765800000000-member-development-tally';
import { MemberDevelopmentWithdrawal1765810000000 } from './migrations/1765810000000-member-development-withdrawal';
import { MemberDevelopmentNotApproved1765910000000 } from './migrations/1765910000000-member-development-not-approved';
import { MemberDevelopmentTallySubtree1765920000000 } from './migrations/1765920000000-member-development-tally-subtree';
import { MemberDevelopmentStageTally1765960000000 } from './migrations/1765960000000-member-development-stage-tally';
import { seedMemberDevelopment } from './seed';
import { createServices, MODULE } from './services';
import { recountOnMove } from './services/member-moves';
import { developmentReminders } from './services/reminders';
import { developmentFigures } from './services/tallies';

export default defineModule({
  name: MODULE,
  title: '发展党员 Member development',
  description:
    '发展党员 (seed 001: 推荐制、公示制、票决制、预审制、全程纪实制): from the application through activist, development target and the branch’s vote to the register, each step in order with who decided, when and its evidence; pipeline, overdue steps and new members rolled up the tree.',
  entities: [DevelopmentRecord, DevelopmentStepRecord],
  resolvers: [DevelopmentRecordResolver, OrgUnitDevelopmentFields],
  migrations: [
    MemberDevelopment1765500000000,
    MemberDevelopmentTally1765800000000,
    MemberDevelopmentWithdrawal1765810000000,
    MemberDevelopmentNotApproved1765910000000,
    MemberDevelopmentTallySubtree1765920000000,
    MemberDevelopmentStageTally1765960000000,
  ],
  figures: developmentFigures,
  events: {
    recordDevelopmentApplication: {
      type: 'DEVELOPMENT_APPLICATION_RECORDED',
      description: '入党申请已登记 — a branch recorded an application',
    },
    advanceDevelopment: {
      type: 'DEVELOPMENT_STEP_RECORDED',
      description: '发展步骤已记录 — a step of member development was recorded',
    },
  },
  reminders: developmentReminders,
  services: createServices,
  // 转正 and a departure in the register move the pipeline (services/member-moves.ts).
  memberMoved: recountOnMove,
  seed: seedMemberDevelopment,
});
