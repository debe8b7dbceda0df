import { defineModule, PeriodKind } from '#module-kit';
import { MemberOrgLifeFields, OrgUnitOrgLifeFields } from './api/fields.resolver';
import { OrgLifeMeetingResolver } from './api/meeting.resolver';
import { MeetingAttendance } from './entities/attendance.entity';
import { OrgLifeMeeting } from './entities/meeting.entity';
import { OrganisationalLife1765100000000 } from './migrations/1765100000000-organisational-life';
import { seedOrgLife } from './seed';
import { createServices, MODULE } from './services';
import { NOT_TAKING_PART } from './services/member-flag';
import { checkOnMove } from './services/member-moves';
import {
  ATTENDANCE_ROLLUP,
  CLOSE_AFTER_DAYS,
  HELD_ROLLUP,
  PRESENCE_ROLLUP,
  recountOrgLife,
  TALLIES,
} from './services/tallies';

export default defineModule({
  name: MODULE,
  title: '组织生活（三会一课）Organisational life',
  description:
    '三会一课 and the rest of a branch’s organisational life (seed 001, seed 004): meetings with attendance per member, schedules by policy, compliance rolled up the tree, silent branches and members who stopped taking part, flagged for the branch to act on.',
  entities: [OrgLifeMeeting, MeetingAttendance],
  resolvers: [OrgLifeMeetingResolver, OrgUnitOrgLifeFields, MemberOrgLifeFields],
  migrations: [OrganisationalLife1765100000000],
  figures: {
    period: PeriodKind.MONTH,
    closeAfterDays: CLOSE_AFTER_DAYS,
    tallies: TALLIES,
    rollups: [PRESENCE_ROLLUP, HELD_ROLLUP, ATTENDANCE_ROLLUP],
    recount: recountOrgLife,
  },
  events: {
    recordMeeting: { type: 'MEETING_RECORDED', description: '组织生活已登记 — a meeting was recorded' },
    correctMeeting: { type: 'MEETING_CORRECTED', description: '组织生活记录已更正 — a meeting record was corrected' },
    cancelMeeting: { type: 'MEETING_CANCELLED', description: '组织生活记录已作废 — a meeting record was cancelled' },
  },
  memberUnitFields: ['meetingSchedule'],
  memberFlags: [NOT_TAKING_PART],
  memberMoved: checkOnMove,
  services: createServices,
  seed: seedOrgLife,
});
