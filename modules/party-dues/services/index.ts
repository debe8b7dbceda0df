import { type App, servicesOf } from '#module-kit';
import { DuesService } from './dues.service';
import { MODULE } from './module';
import { duesPolicy, type DuesPolicy } from './policy';

export { MODULE } from './module';

export interface DuesServices {
  policy: DuesPolicy;
  dues: DuesService;
}

export function createServices(app: App): DuesServices {
  const policy = duesPolicy(app.policy);
  return { policy, dues: new DuesService(app.figures, policy) };
}

/** This module's services from a request: `services(ctx).dues`. */
export const services = servicesOf<DuesServices>(MODULE);
