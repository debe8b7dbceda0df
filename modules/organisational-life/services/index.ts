import { type App, servicesOf } from '#module-kit';
import { MeetingService } from './meeting.service';
import { orgLifePolicy, type OrgLifePolicy } from './policy';
import { MODULE } from './module';

export { MODULE } from './module';

export interface OrgLifeServices {
  policy: OrgLifePolicy;
  meetings: MeetingService;
}

export function createServices(app: App): OrgLifeServices {
  const policy = orgLifePolicy(app.policy);
  return { policy, meetings: new MeetingService(app.figures, policy) };
}

/** This module's services from a request: `services(ctx).meetings`. */
export const services = servicesOf<OrgLifeServices>(MODULE);
