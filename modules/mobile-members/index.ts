import { defineModule } from '#module-kit';
import { MobileNoticeResolver } from './api/notice.resolver';
import { MemberMobileFields, OrgUnitMobileFields, OutsideMemberResolver } from './api/org-unit-fields.resolver';
import { OutsideMember } from './entities/outside-member.entity';
import { MobileDecisionResolver, MobileRecordResolver } from './api/record.resolver';
import { MobileContact, MobileDecision, MobileReportIn } from './entities/log.entities';
import { MobileNotice } from './entities/notice.entity';
import { MobileRecord } from './entities/mobile-record.entity';
import { MobileMembers1764200000000 } from './migrations/1764200000000-mobile-members';
import { MobileMembersFigures1764720000000 } from './migrations/1764720000000-mobile-members-figures';
import { MobileMembersRecordMemberIndex1765970000000 } from './migrations/1765970000000-mobile-members-record-member-index';
import { seedMobileMembers } from './seed';
import { createServices, MODULE } from './services';
import { mobileFigures } from './services/tallies';
import { mobileReminders } from './services/reminders';

export default defineModule({
  name: MODULE,
  title: '流动党员 Mobile members',
  description:
    '流动党员 (seed 004): members working or trading away keep their home branch, which keeps contact, informs them and handles those lost by rules people apply: the software derives status, prepares proposals and records decisions, never deciding by itself.',
  entities: [MobileRecord, MobileContact, MobileReportIn, MobileDecision, MobileNotice, OutsideMember],
  resolvers: [
    MobileRecordResolver,
    MobileDecisionResolver,
    MobileNoticeResolver,
    OrgUnitMobileFields,
    OutsideMemberResolver,
    MemberMobileFields,
  ],
  migrations: [
    MobileMembers1764200000000,
    MobileMembersFigures1764720000000,
    MobileMembersRecordMemberIndex1765970000000,
  ],
  services: createServices,
  reminders: mobileReminders,
  seed: seedMobileMembers,
  figures: mobileFigures,
});
