import { ModuleEnablement } from '../module-system/entities/module-enablement.entity';
import { Member } from '../org/entities/member.entity';
import { MembershipPeriod } from '../org/entities/membership-period.entity';
import { OrgUnit } from '../org/entities/org-unit.entity';
import { OrgUnitPlacement } from '../org/entities/org-unit-placement.entity';
import { Post } from '../org/entities/post.entity';

import { Account } from '../auth/entities/account.entity';
import { AuditEvent } from '../auth/entities/audit-event.entity';
import { Grant } from '../auth/entities/grant.entity';
import { RefreshToken } from '../auth/entities/refresh-token.entity';
import { Reminder } from '../reminders/reminder.entity';
import { Webhook, WebhookDelivery } from '../events/webhooks/entities';

export const CORE_ENTITIES = [
  OrgUnit,
  OrgUnitPlacement,
  Member,
  MembershipPeriod,
  Post,
  ModuleEnablement,
  Account,
  Grant,
  RefreshToken,
  AuditEvent,
  Reminder,
  Webhook,
  WebhookDelivery,
];
