import { type Context, type LocalDate, portOf, type SqlRunner } from '#module-kit';

/**
 * What this module needs to know about members that the member register does not show yet: whose
 * party membership is suspended (停止党籍). Today such a suspension is a decision recorded by the
 * mobile-members module (the branch assembly's decision, approved above); that module answers this port.
 * Reached through the kit's `portOf`, never by importing it.
 */
export interface MemberStandingPort {
  standing: {
    /**
     * Of these members, those whose membership is suspended on the day: their latest decision approved on
     * or before it is a suspension (a later restoration or removal ends it).
     */
    suspendedOn(db: SqlRunner, memberIds: readonly number[], day: LocalDate): Promise<number[]>;
  };
}

export const MOBILE_MEMBERS = 'mobile-members';

/** Who among `memberIds` has no party rights on `day` because their membership is suspended. */
export type SuspendedOn = (memberIds: readonly number[], day: LocalDate) => Promise<number[]>;

/**
 * The one hook for suspensions: read from the mobile-members module when it is installed (switched on
 * or not where the branch is: a recorded decision stays a fact); nobody is known to be suspended when it
 * is not. When the member register itself shows suspensions (issue 15, item 22), read them here instead.
 */
export function suspensionsFor(ctx: Context): SuspendedOn {
  const port = portOf<Partial<MemberStandingPort>>(ctx, MOBILE_MEMBERS);
  const suspendedOn = port?.standing?.suspendedOn;
  if (!suspendedOn) return async () => [];
  return (memberIds, day) => (memberIds.length ? suspendedOn(ctx.db, memberIds, day) : Promise.resolve([]));
}
