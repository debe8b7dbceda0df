import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import type { LocalDate } from '../graphql/scalars';
import type { Policy } from '../policy';
import type { Random } from './random';

/**
 * `province`: three cities of the `city` profile under a province committee (the benchmark's; module
 * seeds see `city`).
 */
export type SeedSize = 'demo' | 'city' | 'province';

/** The demo tree as the core generated it, for module seeds to build on. */
export interface DemoTree {
  /** The city committee over the county a module seed works on. */
  cityId: number;
  countyIds: number[];
  townshipIds: number[];
  stationIds: number[];
  /** Village and community branches (the units that report weekly). */
  grassrootsBranchIds: number[];
}

/** What a module's demo seed receives: one transaction, a deterministic random source, the tree. */
export interface SeedContext {
  tx: EntityManager;
  size: SeedSize;
  today: LocalDate;
  /** The deployment's policy, so demo data follows the rules the API will judge it by. */
  policy: Policy;
  random: Random;
  tree: DemoTree;
  log: Pick<Logger, 'info'>;
  /** Switches a module on or off for a unit, as a locality would. */
  setModuleEnabled(unitId: number, module: string, enabled: boolean): Promise<void>;
}
