import type { EntityManager } from 'typeorm';
import type { App } from '../context';
import type { LocalDate } from '../graphql/scalars';
import type { Message } from '../messages/catalogue';

/** One member a source flags: in which branch, from which day, and why (Chinese first). */
export interface MemberFlagHit {
  memberId: number;
  /** The member's branch: the unit that must act on the flag. */
  unitId: number;
  /** The day the condition holds from (the flag counts from here). */
  since: LocalDate;
  /** A catalogue entry, rendered in the request's language; text already in both languages is passed as it is. */
  detail: Message | string;
}

/**
 * Members a module flags for the branch to act on (Party Constitution art. 9: six months without
 * taking part in organisational life, or without paying dues, without valid reason). The software only
 * flags; the branch decides (docs/MODULES.md, "Member flags"). The core calls `find` once per request
 * with every branch asked for where the source's module is on, and keeps only what it returns there.
 */
export interface MemberFlagSource {
  /** CONSTANT_CASE, unique in the deployment (the registry refuses two), e.g. NOT_TAKING_PART. */
  kind: string;
  /** Chinese term first, then English. */
  description: string;
  /**
   * The members flagged on `asOf` among the branches `unitIds` (each a unit members belong to).
   * `app` is passed too (its policy, its clock's time zone); a source need not read it.
   */
  find(o: { db: EntityManager; unitIds: number[]; asOf: LocalDate; app: App }): Promise<MemberFlagHit[]>;
}
