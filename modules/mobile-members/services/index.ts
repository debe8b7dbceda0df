import { type App, type LocalDate, servicesOf, type SqlRunner } from '#module-kit';
import { MobileService } from './mobile.service';
import { mobilePolicy, type MobilePolicy } from './policy';
import { MODULE } from './tallies';

export { MODULE };

export interface MobileServices {
  policy: MobilePolicy;
  records: MobileService;
  /** What other modules read of a member's standing through their ports (village-affairs: who may vote). */
  standing: { suspendedOn(db: SqlRunner, memberIds: readonly number[], day: LocalDate): Promise<number[]> };
}

export function createServices(app: App): MobileServices {
  const policy = mobilePolicy(app.policy);
  return { policy, records: new MobileService(app, policy), standing: { suspendedOn } };
}

/**
 * Of these members, those whose membership is suspended (停止党籍) on the day: the latest decision
 * approved on or before it, over all their records, is a suspension (a restoration or removal ends it).
 */
async function suspendedOn(db: SqlRunner, memberIds: readonly number[], day: LocalDate): Promise<number[]> {
  const rows = await db.query<{ member_id: number }>(
    `SELECT member_id FROM (
       SELECT DISTINCT ON (r.member_id) r.member_id, d.kind
       FROM mm_record r JOIN mm_decision d ON d.record_id = r.id
       WHERE r.member_id = ANY($1::int[]) AND d.approved_on <= $2::date
       ORDER BY r.member_id, d.approved_on DESC, d.id DESC) latest
     WHERE kind = 'SUSPEND'`,
    [memberIds, day],
  );
  return rows.map((r) => r.member_id);
}

/** This module's services, built once per process by `createServices`. */
export const services = servicesOf<MobileServices>(MODULE);
