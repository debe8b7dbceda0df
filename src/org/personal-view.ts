import type { Context } from '../context';
import { OrgUnit } from './entities/org-unit.entity';
import type { Member } from './entities/member.entity';

/**
 * Does the viewer see this member's personal data (ID number, phone, birth date, and what modules
 * keep of the same kind) in full? Their own record, or a unit where Access.canSeePersonalData holds
 * for the member's branch. One rule for the register and every module (`#module-kit`).
 */
export async function seesPersonalData(ctx: Context, m: Pick<Member, 'id' | 'branchId'>): Promise<boolean> {
  if (ctx.access.isOwnMember(m.id)) return true;
  const branch = await ctx.loaders.byId(OrgUnit).load(m.branchId);
  return !!branch && ctx.access.canSeePersonalData(branch);
}
