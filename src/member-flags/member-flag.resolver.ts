import { Arg, Ctx, Field, FieldResolver, ObjectType, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { argsKey } from '../graphql/loaders';
import { DateScalar, type LocalDate } from '../graphql/scalars';
import { renderMessage } from '../messages/catalogue';
import { Member } from '../org/entities/member.entity';
import { OrgUnit } from '../org/entities/org-unit.entity';
import { branchesOn, branchesUnder, collectFlags, type FlagRow } from './flags';

@ObjectType('MemberFlag', {
  description:
    '党员提示 — a member a module flags for the branch to act on (e.g. Party Constitution art. 9); the branch decides, never the software',
})
export class MemberFlag {
  @Field({
    description:
      '提示类型 — what the flag is, e.g. NOT_TAKING_PART (the enum MemberFlagKind: the installed modules’ kinds)',
  })
  kind: string;

  @Field({ description: '模块 — the module that raised the flag' })
  module: string;

  @Field(() => Member, { description: '党员 — the member flagged' })
  member: Member;

  @Field(() => OrgUnit, { description: '所在支部 — the branch that must act on it' })
  branch: OrgUnit;

  @Field(() => DateScalar, { description: '起始日 — the day the condition holds from' })
  since: LocalDate;

  @Field({
    description:
      '说明 — what was found: Chinese, or English when Accept-Language prefers it (a source may give both, Chinese first)',
  })
  detail: string;
}

const ASOF = { nullable: true, description: '截至 — the day judged; today when omitted' };

async function toFlags(ctx: Context, rows: FlagRow[]): Promise<MemberFlag[]> {
  const [members, units] = await Promise.all([
    ctx.loaders.byId(Member).loadMany(rows.map((r) => r.memberId)),
    ctx.loaders.byId(OrgUnit).loadMany(rows.map((r) => r.unitId)),
  ]);
  // A past day's branch may now sit where the viewer reads nothing: that flag is left out, not an error.
  const shown = rows.flatMap((r, i) =>
    units[i] instanceof OrgUnit && ctx.access.canRead(units[i]) ? [{ r, member: members[i], unit: units[i] }] : [],
  );
  return shown.map(({ r, member, unit }) =>
    Object.assign(new MemberFlag(), {
      kind: r.kind,
      module: r.module,
      member: member as Member,
      branch: unit,
      since: r.since,
      detail: typeof r.detail === 'string' ? r.detail : renderMessage(r.detail, ctx.language),
    }),
  );
}

/** The flags of a member: readable wherever the member is (a member sees their own). */
@Resolver(() => Member)
export class MemberFlagsResolver {
  @FieldResolver(() => [MemberFlag], {
    description:
      '党员提示 — what the modules on at the member’s branch flag about this member on asOf, for the branch to act on',
  })
  async flags(
    @Root() m: Member,
    @Ctx() ctx: Context,
    @Arg('asOf', () => DateScalar, ASOF) asOf?: LocalDate | null,
  ): Promise<MemberFlag[]> {
    const day = asOf ?? ctx.today;
    const rows = await ctx.loaders
      .get<Member, FlagRow[]>(`flags:member:${day}`, async (members) => {
        // The branch the member belonged to on the day judged (a later transfer changes nothing).
        const branchOf = await branchesOn(ctx, members, day);
        const all = await collectFlags(ctx, [...branchOf.values()], day, null);
        return members.map((x) => all.filter((r) => r.memberId === x.id && r.unitId === branchOf.get(x.id)));
      })
      .load(m);
    return toFlags(ctx, rows);
  }
}

/** The one combined list a branch, or any unit above, needs: every module's flags under it. */
@Resolver(() => OrgUnit)
export class OrgUnitFlagsResolver {
  @FieldResolver(() => [MemberFlag], {
    description:
      '需关注的党员 — members of the branches under this unit that the modules on there flag on asOf (several per member where several apply), earliest first; for the branches to act on',
  })
  async flaggedMembers(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Arg('asOf', () => DateScalar, ASOF) asOf?: LocalDate | null,
    @Arg('kinds', () => [String], { nullable: true, description: '提示类型 — only these kinds' })
    kinds?: string[] | null,
  ): Promise<MemberFlag[]> {
    const day = asOf ?? ctx.today;
    const rows = await ctx.loaders
      .get<number, FlagRow[]>(`flags:unit:${argsKey({ day, kinds })}`, async (ids) => {
        const pairs = await branchesUnder(ctx, ids, day);
        const all = await collectFlags(
          ctx,
          pairs.map((p) => p.branch),
          day,
          kinds ?? null,
        );
        // A branch under the unit on a past day may sit elsewhere now: only those the viewer reads today.
        const units = await ctx.loaders.byId(OrgUnit).loadMany([...new Set(pairs.map((p) => p.branch))]);
        const readable = new Set(
          units.filter((u): u is OrgUnit => u instanceof OrgUnit && ctx.access.canRead(u)).map((u) => u.id),
        );
        return ids.map((id) => {
          const mine = new Set(pairs.filter((p) => p.target === id && readable.has(p.branch)).map((p) => p.branch));
          return all.filter((r) => mine.has(r.unitId));
        });
      })
      .load(unit.id);
    return toFlags(ctx, rows);
  }
}
