import { type App, servicesOf } from '#module-kit';
import { starPolicy, type StarPolicy } from './policy';
import { StarService } from './star.service';

export const MODULE = 'star-rating';

export interface StarServices {
  policy: StarPolicy;
  stars: StarService;
}

export function createServices(app: App): StarServices {
  const policy = starPolicy(app.policy);
  return { policy, stars: new StarService(policy, app) };
}

/** This module's services, built once per process by `createServices`. */
export const services = servicesOf<StarServices>(MODULE);
