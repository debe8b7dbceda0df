import { Arg, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import { yearsBetween } from '../../calendar';
import type { Context } from '../../context';
import { inputId, optionalInputId } from '../../graphql/ids';
import { runMutation } from '../../graphql/mutation';
import { Member } from '../entities/member.entity';
import { MembershipPeriod } from '../entities/membership-period.entity';
import { OrgUnit } from '../entities/org-unit.entity';
import { Post } from '../entities/post.entity';
import { maskIdCard, maskPhone, yearAge } from '../personal-data';
import { seesPersonalData } from '../personal-view';
import { DateScalar, type LocalDate } from '../../graphql/scalars';
import { CreateMemberInput, RecordMemberDepartureInput, TransferMemberInput, UpdateMemberInput } from './member.input';
import { MemberPayload } from './payloads';
import { underIdCardBudget } from '../id-card-probes';
import { requireUnit } from '../../auth/guard';
import { Permission } from '../../auth/roles';
import { ErrorCode, refuse } from '../../graphql/errors';
import { CORE_MESSAGES as M, LABELS } from '../../messages/core';
import { localized } from '../../messages/catalogue';

@Resolver(() => Member)
export class MemberResolver {
  @FieldResolver(() => OrgUnit, { description: "所在支部 — the member's branch (the last one, for a departed member)" })
  branch(@Root() m: Member, @Ctx() ctx: Context) {
    return ctx.loaders.byId(OrgUnit).load(m.branchId);
  }

  @FieldResolver(() => OrgUnit, { nullable: true, description: '所在党小组 — party group within the branch, if any' })
  partyGroup(@Root() m: Member, @Ctx() ctx: Context) {
    return m.partyGroupId === null ? null : ctx.loaders.byId(OrgUnit).load(m.partyGroupId);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "身份证号 — ID card number, masked (4507**********1234) unless the viewer may see it in full (ADMIN, or SECRETARY of the member's branch)",
  })
  async idCardNumber(@Root() m: Member, @Ctx() ctx: Context): Promise<string | null> {
    if (m.idCardNumber === null) return null;
    return (await this.personalVisible(m, ctx)) ? m.idCardNumber : maskIdCard(m.idCardNumber);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "联系电话 — phone, masked (138****5678) unless the viewer may see it in full (ADMIN, or SECRETARY of the member's branch)",
  })
  async phone(@Root() m: Member, @Ctx() ctx: Context): Promise<string | null> {
    if (m.phone === null) return null;
    return (await this.personalVisible(m, ctx)) ? m.phone : maskPhone(m.phone);
  }

  private personalVisible(m: Member, ctx: Context): Promise<boolean> {
    return seesPersonalData(ctx, m);
  }

  @FieldResolver(() => DateScalar, {
    nullable: true,
    description:
      "出生日期 — birth date; null unless the viewer may see the member's personal data in full (then birthYear only: the date would give back the masked digits of the ID card number)",
  })
  async birthDate(@Root() m: Member, @Ctx() ctx: Context): Promise<LocalDate | null> {
    return (await this.personalVisible(m, ctx)) ? m.birthDate : null;
  }

  @FieldResolver(() => Int, { description: '出生年份 — year of birth' })
  birthYear(@Root() m: Member): number {
    return Number(m.birthDate.slice(0, 4));
  }

  @FieldResolver(() => Int, {
    description:
      "年龄 — age in whole years today; for a viewer who sees the member's personal data masked, the age reached this year (this year minus the birth year)",
  })
  async age(@Root() m: Member, @Ctx() ctx: Context): Promise<number> {
    return (await this.personalVisible(m, ctx))
      ? yearsBetween(m.birthDate, ctx.today)
      : yearAge(m.birthDate, ctx.today);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: '党龄 — party standing in whole years, counted from full membership; null for a probationary member',
  })
  partyStanding(@Root() m: Member, @Ctx() ctx: Context): number | null {
    return m.fullMemberSince === null ? null : yearsBetween(m.fullMemberSince, m.departedOn ?? ctx.today);
  }

  @FieldResolver(() => [Post], { description: '现任职务 — posts the member holds now' })
  posts(@Root() m: Member, @Ctx() ctx: Context): Promise<Post[]> {
    return ctx.loaders.hasMany(Post, 'member_id', (p) => p.memberId!, { where: 'x.ended_on IS NULL' }).load(m.id);
  }

  @FieldResolver(() => Boolean, { description: '有职党员 — holds a post now (derived from posts)' })
  async holdsPost(@Root() m: Member, @Ctx() ctx: Context): Promise<boolean> {
    return (await this.posts(m, ctx)).length > 0;
  }

  @FieldResolver(() => [MembershipPeriod], {
    description: "组织关系历史 — the member's branches, period by period, oldest first",
  })
  membershipHistory(@Root() m: Member, @Ctx() ctx: Context): Promise<MembershipPeriod[]> {
    return ctx.loaders
      .hasMany(MembershipPeriod, 'member_id', (p) => p.memberId, {
        order: [
          ['validFrom', 'ASC'],
          ['id', 'ASC'],
        ],
      })
      .load(m.id);
  }

  @Mutation(() => MemberPayload, {
    description: '新增党员 — record a member in a branch (ID card number checked, birth date and gender taken from it)',
  })
  createMember(
    @Ctx() ctx: Context,
    @Arg('input', { description: '党员信息 — the member' }) input: CreateMemberInput,
  ): Promise<MemberPayload> {
    return underIdCardBudget(ctx, input, !!input.idCardNumber, (idCards) =>
      runMutation(ctx, input, async (tx) => {
        const branchId = inputId(input.branchId, 'OrgUnit', ['input', 'branchId']);
        const partyGroupId = optionalInputId(input.partyGroupId, 'OrgUnit', ['input', 'partyGroupId']);
        await requireUnit(ctx, branchId, Permission.WRITE);
        const member = await ctx.app.org.members.create(
          tx,
          { ...input, branchId, partyGroupId },
          ctx.today,
          undefined,
          idCards.taken,
        );
        return { member };
      }),
    );
  }

  @Mutation(() => MemberPayload, { description: '修改党员信息 — correct a member record' })
  updateMember(
    @Ctx() ctx: Context,
    @Arg('input', { description: '修改内容 — the changes' }) input: UpdateMemberInput,
  ): Promise<MemberPayload> {
    return underIdCardBudget(ctx, input, !!input.idCardNumber, (idCards) =>
      runMutation(ctx, input, async (tx) => {
        const { id, version, ...changes } = input;
        const memberId = inputId(id, 'Member', ['input', 'id']);
        const member = await requireMemberBranch(ctx, memberId, ['input', 'id']);
        if (!(await seesPersonalData(ctx, member))) refuseBirthDateProbes(member, changes);
        return {
          member: await ctx.app.org.members.update(
            tx,
            memberId,
            version ?? undefined,
            changes,
            ctx.today,
            {
              // The same write access on the branch of an older period the edit rewrites.
              mayRewrite: (branchId) => requireUnit(ctx, branchId, Permission.WRITE),
              replaced: (values) => (ctx.audit.replaced = { ...ctx.audit.replaced, ...values }),
            },
            idCards.taken,
          ),
        };
      }),
    );
  }

  @Mutation(() => MemberPayload, {
    description: '组织关系转接 — move a member to another branch or party group; the old period stays in the history',
  })
  transferMember(
    @Ctx() ctx: Context,
    @Arg('input', { description: '转接内容 — the transfer' }) input: TransferMemberInput,
  ): Promise<MemberPayload> {
    return runMutation(ctx, input, async (tx) => {
      const id = inputId(input.memberId, 'Member', ['input', 'memberId']);
      const branchId = inputId(input.toBranchId, 'OrgUnit', ['input', 'toBranchId']);
      const partyGroupId = optionalInputId(input.toPartyGroupId, 'OrgUnit', ['input', 'toPartyGroupId']);
      // Both sides of a transfer (组织关系转接) must be the viewer's to change.
      await requireMemberBranch(ctx, id, ['input', 'memberId']);
      await requireUnit(ctx, branchId, Permission.WRITE);
      return {
        member: await ctx.app.org.members.transfer(
          tx,
          id,
          { branchId, partyGroupId },
          input.effectiveOn ?? ctx.today,
          input.note ?? null,
          ctx.today,
        ),
      };
    });
  }

  @Mutation(() => MemberPayload, {
    description: '党员减少 — record that a member left (deceased, transferred out, removed …); the record is kept',
  })
  recordMemberDeparture(
    @Ctx() ctx: Context,
    @Arg('input', { description: '减少内容 — the departure' }) input: RecordMemberDepartureInput,
  ): Promise<MemberPayload> {
    return runMutation(ctx, input, async (tx) => {
      const id = inputId(input.memberId, 'Member', ['input', 'memberId']);
      await requireMemberBranch(ctx, id, ['input', 'memberId']);
      return {
        member: await ctx.app.org.members.recordDeparture(
          tx,
          id,
          input.reason,
          input.departedOn ?? ctx.today,
          ctx.today,
        ),
      };
    });
  }
}

/** Write access to a member is write access to their branch. */
async function requireMemberBranch(ctx: Context, memberId: number, field: string[]): Promise<Member> {
  const member = await ctx.loaders.byId(Member).load(memberId);
  if (!member) refuse(ErrorCode.NOT_FOUND, M.notFound({ what: LABELS.member }), field);
  await requireUnit(ctx, member.branchId, Permission.WRITE);
  return member;
}

/**
 * A writer who sees the member's personal data masked (station staff, a township secretary) could
 * otherwise learn the birth date on record by trying edits: a birth date checked against the ID
 * number on record, or a joining date checked against the 18th birthday, is accepted or refused by
 * the hidden date. Those edits are left to someone who sees the record in full.
 */
function refuseBirthDateProbes(
  member: Member,
  changes: { birthDate?: string; idCardNumber?: string | null; joinedOn?: string },
) {
  const ownBirthDate = !!changes.birthDate || !!changes.idCardNumber;
  const who = localized(
    '党支部书记或管理员（他们能看到该党员的完整个人信息）',
    "the branch's secretary or an administrator, who see this member's personal data",
  );
  if (changes.birthDate && !changes.idCardNumber && member.idCardNumber)
    refuse(ErrorCode.BAD_USER_INPUT, M.birthDateMasked({ who }), ['input', 'birthDate']);
  if (
    changes.joinedOn &&
    !ownBirthDate &&
    Number(changes.joinedOn.slice(0, 4)) === Number(member.birthDate.slice(0, 4)) + 18
  )
    refuse(ErrorCode.BAD_USER_INPUT, M.joiningYearMasked({ who }), ['input', 'joinedOn']);
}

@Resolver(() => MembershipPeriod)
export class MembershipPeriodFieldsResolver {
  @FieldResolver(() => OrgUnit, { description: '支部 — the branch of this period' })
  branch(@Root() p: MembershipPeriod, @Ctx() ctx: Context) {
    return ctx.loaders.byId(OrgUnit).load(p.branchId);
  }

  @FieldResolver(() => OrgUnit, { nullable: true, description: '党小组 — the party group of this period, if any' })
  partyGroup(@Root() p: MembershipPeriod, @Ctx() ctx: Context) {
    return p.partyGroupId === null ? null : ctx.loaders.byId(OrgUnit).load(p.partyGroupId);
  }
}
