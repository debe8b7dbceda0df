import { defineModule, PeriodKind } from '#module-kit';
import { VillageDisclosureResolver, VillageFeedbackResolver } from './api/disclosure.resolver';
import {
  MatterStepResolver,
  StepExclusionResolver,
  SupervisionFindingResolver,
  VillageMatterResolver,
} from './api/matter.resolver';
import {
  DisclosureCompliancePeriods,
  FeedbackFiguresPeriods,
  MatterFiguresPeriods,
} from './api/figure-periods.resolver';
import { OrgUnitVillageAffairsFields } from './api/org-unit-fields.resolver';
import { VillageDisclosure } from './entities/disclosure.entity';
import { VillageFeedback } from './entities/feedback.entity';
import { VillageMatter } from './entities/matter.entity';
import { MatterStepRecord, StepExclusion, SupervisionFinding } from './entities/matter-step.entity';
import { PowerListItem } from './entities/power-item.entity';
import { VillageAffairs1764400000000 } from './migrations/1764400000000-village-affairs';
import { VillageAffairsRules1764500000000 } from './migrations/1764500000000-village-affairs-rules';
import { VillageAffairsTallies1764840000000 } from './migrations/1764840000000-village-affairs-tallies';
import { VillageAffairsIssueRaisedOn1764850000000 } from './migrations/1764850000000-village-affairs-issue-raised-on';
import { seedVillageAffairs } from './seed';
import { createServices, MODULE } from './services';
import { villageReminders } from './services/reminders';
import { CLOSE_AFTER_DAYS, recountVillageAffairs, ROLLUPS, TALLIES } from './services/tallies';

export default defineModule({
  name: MODULE,
  title: '村务（四议两公开·村务公开）Village affairs',
  description:
    "四议两公开 (seed 001): every major village matter goes through proposal, deliberation, review, resolution, two disclosures and execution, the meetings' quorum and majority checked on those entitled; 村务公开 (seed 004): disclosures on a schedule with their timeliness and completeness made visible; the feedback register, with opinions collected by work stations passed up (seed 000); the village power list.",
  entities: [
    VillageMatter,
    MatterStepRecord,
    StepExclusion,
    SupervisionFinding,
    VillageDisclosure,
    VillageFeedback,
    PowerListItem,
  ],
  resolvers: [
    VillageMatterResolver,
    MatterStepResolver,
    StepExclusionResolver,
    SupervisionFindingResolver,
    VillageDisclosureResolver,
    VillageFeedbackResolver,
    OrgUnitVillageAffairsFields,
    DisclosureCompliancePeriods,
    MatterFiguresPeriods,
    FeedbackFiguresPeriods,
  ],
  migrations: [
    VillageAffairs1764400000000,
    VillageAffairsRules1764500000000,
    VillageAffairsTallies1764840000000,
    VillageAffairsIssueRaisedOn1764850000000,
  ],
  // A month's disclosures are due by its end or by the category's rule; a quarter closes with its last month.
  figures: {
    period: PeriodKind.MONTH,
    closeAfterDays: CLOSE_AFTER_DAYS,
    tallies: TALLIES,
    rollups: ROLLUPS,
    recount: recountVillageAffairs,
  },
  // 村务公开: what the village discloses is for its members too; the feedback register (names) is not.
  memberUnitFields: ['villageMatters', 'villageDisclosures', 'dueDisclosures', 'powerList'],
  services: createServices,
  reminders: villageReminders,
  seed: seedVillageAffairs,
});
