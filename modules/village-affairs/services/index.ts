import { type App, servicesOf } from '#module-kit';
import { DisclosureService } from './disclosure.service';
import { MatterService } from './matter.service';
import { villageAffairsPolicy, type VillageAffairsPolicy } from './policy';

export const MODULE = 'village-affairs';

export interface VillageAffairsServices {
  policy: VillageAffairsPolicy;
  matters: MatterService;
  disclosures: DisclosureService;
}

export function createServices(app: App): VillageAffairsServices {
  const policy = villageAffairsPolicy(app.policy);
  return {
    policy,
    matters: new MatterService(policy, app.figures),
    disclosures: new DisclosureService(policy, app.figures),
  };
}

/** This module's services, built once per process by `createServices`. */
export const services = servicesOf<VillageAffairsServices>(MODULE);
