import type { EntityManager } from 'typeorm';
import type { Context } from '../context';
import type { Member } from '../org/entities/member.entity';
import type { Education, Gender, MemberCategory } from '../org/enums';
import type { LocalDate } from '../graphql/scalars';

/** A person a module's workflow admits to the party: the register's own facts. */
export interface Admission {
  name: string;
  gender: Gender;
  ethnicity?: string | null;
  birthDate: LocalDate;
  education: Education | null;
  category: MemberCategory;
  branchId: number;
  /** 入党日期: the day the branch assembly admitted them; probation counts from here. */
  joinedOn: LocalDate;
}

/**
 * Enters a probationary member in the register inside the caller's transaction, through the core's
 * own `createMember` checks (branch, joining age, dates): the module decided the admission, the
 * register keeps the member.
 */
export function admitMember(ctx: Context, tx: EntityManager, a: Admission): Promise<Member> {
  return ctx.app.org.members.create(tx, { ...a, fullMemberSince: null, partyGroupId: null }, ctx.today);
}
