import { type App, servicesOf } from '#module-kit';
import { DevelopmentService } from './development.service';
import { MODULE } from './module';
import { memberDevelopmentPolicy, type MemberDevelopmentPolicy } from './policy';

export { MODULE } from './module';

export interface MemberDevelopmentServices {
  policy: MemberDevelopmentPolicy;
  development: DevelopmentService;
}

export function createServices(app: App): MemberDevelopmentServices {
  const policy = memberDevelopmentPolicy(app.policy);
  return { policy, development: new DevelopmentService(app.figures, policy) };
}

/** This module's services from a request: `services(ctx).development`. */
export const services = servicesOf<MemberDevelopmentServices>(MODULE);
