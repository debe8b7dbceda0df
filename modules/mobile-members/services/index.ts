import { type App, servicesOf } from '#module-kit';
import { MobileService } from './mobile.service';
import { mobilePolicy, type MobilePolicy } from './policy';

export const MODULE = 'mobile-members';

export interface MobileServices {
  policy: MobilePolicy;
  records: MobileService;
}

export function createServices(app: App): MobileServices {
  const policy = mobilePolicy(app.policy);
  return { policy, records: new MobileService(app, policy) };
}

/** This module's services, built once per process by `createServices`. */
export const services = servicesOf<MobileServices>(MODULE);
