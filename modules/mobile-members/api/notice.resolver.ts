import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  actorOf,
  AppError,
  type Context,
  ErrorCode,
  inputId,
  Member,
  OrgUnit,
  OrgUnitKind,
  Permission,
  refuse,
  requireModule,
  requireSelf,
  runMutation,
  unitFromInput,
} from '#module-kit';
import { MobileNotice } from '../entities/notice.entity';
import { MarkMobileNoticeReadInput, PublishMobileNoticeInput } from './inputs';
import { MobileNoticePayload } from './types';
import { MOBILE_MESSAGES as MM } from '../messages';

function readers(ctx: Context, n: MobileNotice): Promise<number[]> {
  return ctx.loaders
    .get<number, number[]>('mm:readers', async (ids) => {
      const rows = await ctx.db.query<{ notice_id: number; member_id: number }[]>(
        `SELECT notice_id, member_id FROM mm_notice_read WHERE notice_id = ANY($1)`,
        [ids],
      );
      return ids.map((id) => rows.filter((r) => r.notice_id === id).map((r) => r.member_id));
    })
    .load(n.id);
}

@Resolver(() => MobileNotice)
export class MobileNoticeResolver {
  @FieldResolver(() => OrgUnit, { nullable: true, description: '发布支部 — the branch' })
  unit(@Root() n: MobileNotice, @Ctx() ctx: Context) {
    return ctx.loaders.byId(OrgUnit).load(n.unitId);
  }

  @FieldResolver(() => Int, { description: '通报人数 — members away it was sent to' })
  recipients(@Root() n: MobileNotice): number {
    return n.recipientIds.length;
  }

  @FieldResolver(() => Int, { description: '已读人数 — how many have read it' })
  async readCount(@Root() n: MobileNotice, @Ctx() ctx: Context): Promise<number> {
    return (await readers(ctx, n)).length;
  }

  @FieldResolver(() => [Member], {
    nullable: true,
    description: "未读党员 — who has not read it yet (for the branch; null on a member's own view)",
  })
  async unread(@Root() n: MobileNotice, @Ctx() ctx: Context): Promise<(Member | null)[] | null> {
    const unit = await ctx.loaders.byId(OrgUnit).load(n.unitId);
    if (!unit || !ctx.access.canRead(unit)) return null;
    const read = new Set(await readers(ctx, n));
    const members = await ctx.loaders.byId(Member).loadMany(n.recipientIds.filter((id) => !read.has(id)));
    return members.filter((m): m is Member => m instanceof Member);
  }

  @FieldResolver(() => Boolean, { description: '我已读 — the signed-in member has read it' })
  async readByMe(@Root() n: MobileNotice, @Ctx() ctx: Context): Promise<boolean> {
    const me = ctx.access.viewer?.memberId;
    return me != null && (await readers(ctx, n)).includes(me);
  }

  @Query(() => [MobileNotice], {
    description: '我的通报 — notices the signed-in member received while away, newest first (member-facing)',
  })
  async myMobileNotices(@Ctx() ctx: Context): Promise<MobileNotice[]> {
    const me = ctx.access.viewer?.memberId;
    if (!me) throw new AppError(ErrorCode.FORBIDDEN, MM.notLinked());
    return ctx.db
      .getRepository(MobileNotice)
      .createQueryBuilder('n')
      .where(':me = ANY(n.recipient_ids)', { me })
      .orderBy('n.published_on', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .getMany();
  }

  @Mutation(() => MobileNoticePayload, {
    description: "发布通报 — send party or village affairs to the branch's members who are away now",
  })
  publishMobileNotice(
    @Ctx() ctx: Context,
    @Arg('input', { description: '通报 — the notice' }) input: PublishMobileNoticeInput,
  ): Promise<MobileNoticePayload> {
    return runMutation(ctx, input, async (tx) => {
      const unit = await unitFromInput(ctx, input.unitId, Permission.MODULE_WORK);
      if (unit.kind !== OrgUnitKind.BRANCH)
        refuse(ErrorCode.BAD_USER_INPUT, MM.noticesFromBranch(), ['input', 'unitId']);
      const rows: { member_id: number }[] = await tx.query(
        `SELECT r.member_id FROM mm_record r JOIN member m ON m.id = r.member_id WHERE m.branch_id = $1 AND r.returned_on IS NULL AND m.status <> 'DEPARTED' ORDER BY 1`,
        [unit.id],
      );
      if (rows.length === 0) refuse(ErrorCode.INVALID_STATE, MM.nobodyAway({ unit: unit.name }), ['input', 'unitId']);
      const result = await tx.insert(MobileNotice, {
        unitId: unit.id,
        category: input.category,
        title: input.title.trim(),
        body: input.body.trim(),
        publishedOn: ctx.today,
        publishedBy: actorOf(ctx),
        recipientIds: rows.map((r) => r.member_id),
      });
      return { notice: await tx.findOneOrFail(MobileNotice, { where: { id: result.identifiers[0].id } }) };
    });
  }

  @Mutation(() => MobileNoticePayload, {
    description: '已读 — the signed-in member marks a notice they received as read',
  })
  markMobileNoticeRead(
    @Ctx() ctx: Context,
    @Arg('input', { description: '通报 — the notice' }) input: MarkMobileNoticeReadInput,
  ): Promise<MobileNoticePayload> {
    return runMutation(ctx, input, async (tx) => {
      requireSelf(ctx); // a member's own receipt; being a recipient is checked below
      const me = ctx.access.viewer?.memberId;
      const notice = await tx.findOne(MobileNotice, {
        where: { id: inputId(input.noticeId, 'MobileNotice', ['input', 'noticeId']) },
      });
      if (!notice || !me || !notice.recipientIds.includes(me))
        refuse(ErrorCode.NOT_FOUND, MM.noSuchNotice(), ['input', 'noticeId']);
      await requireModule(ctx, notice.unitId);
      await tx.query(
        `INSERT INTO mm_notice_read (notice_id, member_id, read_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [notice.id, me, ctx.now],
      );
      return { notice };
    });
  }
}
