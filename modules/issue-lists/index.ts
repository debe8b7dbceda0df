import { defineModule } from '#module-kit';
import { InspectionCoveragePeriods, IssueStatsPeriods } from './api/figure-periods.resolver';
import { InspectionResolver, KeyRectificationResolver } from './api/inspection.resolver';
import { IssueEventResolver, IssueResolver } from './api/issue.resolver';
import { IssueListsResolver, OrgUnitIssueFields } from './api/lists.resolver';
import { Inspection } from './entities/inspection.entity';
import { IssueEvent } from './entities/issue-event.entity';
import { Issue } from './entities/issue.entity';
import { KeyRectification } from './entities/key-rectification.entity';
import { IssueLists1764100000000 } from './migrations/1764100000000-issue-lists';
import { IssueListsFigures1764700001600 } from './migrations/1764700001600-issue-lists-figures';
import { seedIssueLists } from './seed';
import { createServices, MODULE } from './services';
import { issueFigures } from './services/figures';
import { issueReminders } from './services/reminders';

export default defineModule({
  name: MODULE,
  title: '问题清单 Issue lists',
  description:
    '问题清单·责任清单·销号清单 (seed 000): problems listed every week, each with a responsible unit and person, solved at the lowest level able to (市-县-镇-站(村)四级联动) and crossed off when confirmed; random inspections with findings to rectify.',
  entities: [Issue, IssueEvent, Inspection, KeyRectification],
  resolvers: [
    IssueResolver,
    IssueEventResolver,
    InspectionResolver,
    KeyRectificationResolver,
    IssueListsResolver,
    OrgUnitIssueFields,
    IssueStatsPeriods,
    InspectionCoveragePeriods,
  ],
  migrations: [IssueLists1764100000000, IssueListsFigures1764700001600],
  figures: issueFigures,
  services: createServices,
  reminders: issueReminders,
  seed: seedIssueLists,
});
