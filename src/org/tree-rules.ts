import { OrgUnitKind as K } from './enums';
import { enumLabel } from '../graphql/enum';
import type { Message } from '../messages/catalogue';
import { CORE_MESSAGES as M } from '../messages/core';

/**
 * Which kind may sit under which. The seeds fix two rules (a work station only under a township or
 * subdistrict committee, seed 000; a party group only under a branch or general branch); the rest
 * follow the party's organisational hierarchy (province → city → county → …). `null` in a list means "may be a root".
 */
export const ALLOWED_PARENTS: Record<K, (K | null)[]> = {
  // A province committee holds city committees and nothing else directly (its own agencies are not modelled).
  [K.PROVINCE_COMMITTEE]: [null],
  [K.CITY_COMMITTEE]: [null, K.PROVINCE_COMMITTEE],
  [K.COUNTY_COMMITTEE]: [null, K.CITY_COMMITTEE],
  [K.TOWNSHIP_COMMITTEE]: [K.COUNTY_COMMITTEE],
  [K.SUBDISTRICT_COMMITTEE]: [K.COUNTY_COMMITTEE],
  [K.WORK_STATION]: [K.TOWNSHIP_COMMITTEE, K.SUBDISTRICT_COMMITTEE],
  [K.GRASSROOTS_COMMITTEE]: [
    K.CITY_COMMITTEE,
    K.COUNTY_COMMITTEE,
    K.TOWNSHIP_COMMITTEE,
    K.SUBDISTRICT_COMMITTEE,
    K.WORK_STATION,
  ],
  [K.GENERAL_BRANCH]: [
    K.CITY_COMMITTEE,
    K.COUNTY_COMMITTEE,
    K.TOWNSHIP_COMMITTEE,
    K.SUBDISTRICT_COMMITTEE,
    K.WORK_STATION,
    K.GRASSROOTS_COMMITTEE,
  ],
  [K.BRANCH]: [
    K.CITY_COMMITTEE,
    K.COUNTY_COMMITTEE,
    K.TOWNSHIP_COMMITTEE,
    K.SUBDISTRICT_COMMITTEE,
    K.WORK_STATION,
    K.GRASSROOTS_COMMITTEE,
    K.GENERAL_BRANCH,
  ],
  [K.PARTY_GROUP]: [K.BRANCH, K.GENERAL_BRANCH],
};

/** Why `kind` may not sit under `parentKind`, or null when it may. */
export function placementProblem(kind: K, parentKind: K | null): Message | null {
  if (ALLOWED_PARENTS[kind].includes(parentKind)) return null;
  const allowed = ALLOWED_PARENTS[kind].map((k) => (k === null ? M.atRoot() : enumLabel(K, k)));
  return parentKind === null
    ? M.needsParent({ kind: enumLabel(K, kind), allowed })
    : M.cannotSitUnder({ kind: enumLabel(K, kind), parentKind: enumLabel(K, parentKind), allowed });
}

/** Next value above every path under `path` (paths hold digits and '/', so '~' sorts after them). */
export const subtreeEnd = (path: string) => `${path}~`;

/**
 * The party committees that approve for a branch (member development's approval, a dues reduction):
 * a committee, never a work station or a general branch, from the grassroots committee up to the county.
 */
export const APPROVING_COMMITTEE_KINDS = [
  K.GRASSROOTS_COMMITTEE,
  K.TOWNSHIP_COMMITTEE,
  K.SUBDISTRICT_COMMITTEE,
  K.COUNTY_COMMITTEE,
] as const;

/** Is `unit` a party committee of `kinds` above `branch` in today's tree? */
export function isCommitteeAbove(
  branch: { id: number; path: string },
  unit: { id: number; path: string; kind: K },
  kinds: readonly K[] = APPROVING_COMMITTEE_KINDS,
): boolean {
  return branch.path.startsWith(unit.path) && branch.id !== unit.id && kinds.includes(unit.kind);
}
