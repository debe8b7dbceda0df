import type { App, Context } from '#module-kit';
import { starPolicy, type StarPolicy } from './policy';
import { StarService } from './star.service';

export const MODULE = 'star-rating';

export interface StarServices {
  policy: StarPolicy;
  stars: StarService;
}

export function createServices(app: App): StarServices {
  return { policy: starPolicy(app.policy), stars: new StarService() };
}

export const services = (ctx: Context) => ctx.app.moduleServices.get(MODULE) as StarServices;
