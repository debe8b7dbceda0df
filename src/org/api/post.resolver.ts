import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { plusMonths } from '../../calendar';
import type { Context } from '../../context';
import { inputId, optionalInputId } from '../../graphql/ids';
import { runMutation } from '../../graphql/mutation';
import { Member } from '../entities/member.entity';
import { OrgUnit } from '../entities/org-unit.entity';
import { Post } from '../entities/post.entity';
import { TermStatus } from '../enums';
import { CreatePostInput, EndPostInput } from './post.input';
import { PostPayload } from './payloads';
import { requireUnit } from '../../auth/guard';
import { Permission } from '../../auth/roles';
import { ErrorCode, refuse } from '../../graphql/errors';
import { CORE_MESSAGES as M, LABELS } from '../../messages/core';

@Resolver(() => Post)
export class PostResolver {
  @FieldResolver(() => OrgUnit, { description: '任职组织 — the unit' })
  unit(@Root() p: Post, @Ctx() ctx: Context) {
    return ctx.loaders.byId(OrgUnit).load(p.unitId);
  }

  @FieldResolver(() => Member, {
    nullable: true,
    description: '任职党员 — the holder when a member of this tree; null for an outside holder',
  })
  member(@Root() p: Post, @Ctx() ctx: Context) {
    return p.memberId === null ? null : ctx.loaders.byId(Member).load(p.memberId);
  }

  @FieldResolver(() => String, { description: "任职人 — the holder's name (member or outside person)" })
  async holderName(@Root() p: Post, @Ctx() ctx: Context): Promise<string> {
    if (p.memberId === null) return p.holderName ?? '';
    return (await ctx.loaders.byId(Member).load(p.memberId))?.name ?? '';
  }

  @FieldResolver(() => TermStatus, {
    description:
      '任期状态 — running, ending soon (its last day within the reminder window), expired (from the day after its last day: 换届 due), or ended',
  })
  termStatus(@Root() p: Post, @Ctx() ctx: Context): TermStatus {
    if (p.endedOn) return TermStatus.ENDED;
    if (!p.termEnd) return TermStatus.NO_TERM;
    // termEnd is the term's last day (Civil Code art. 202): expired from the day after.
    if (p.termEnd < ctx.today) return TermStatus.EXPIRED;
    return p.termEnd <= plusMonths(ctx.today, ctx.app.policy.terms.remindMonthsBefore)
      ? TermStatus.ENDING_SOON
      : TermStatus.RUNNING;
  }

  @Mutation(() => PostPayload, {
    description: "任职 — a member or outside person takes up a post; the term end defaults from the unit's term length",
  })
  createPost(
    @Ctx() ctx: Context,
    @Arg('input', { description: '任职内容 — the post' }) input: CreatePostInput,
  ): Promise<PostPayload> {
    return runMutation(ctx, input, async (tx) => {
      const unitId = inputId(input.unitId, 'OrgUnit', ['input', 'unitId']);
      const memberId = optionalInputId(input.memberId, 'Member', ['input', 'memberId']);
      await requireUnit(ctx, unitId, Permission.WRITE);
      return { post: await ctx.app.org.posts.create(tx, { ...input, unitId, memberId }, ctx.today) };
    });
  }

  @Mutation(() => PostPayload, { description: '离任 — end a post' })
  endPost(
    @Ctx() ctx: Context,
    @Arg('input', { description: '离任内容 — the ending' }) input: EndPostInput,
  ): Promise<PostPayload> {
    return runMutation(ctx, input, async (tx) => {
      const id = inputId(input.id, 'Post', ['input', 'id']);
      const post = await ctx.loaders.byId(Post).load(id);
      if (!post) refuse(ErrorCode.NOT_FOUND, M.notFound({ what: LABELS.post }), ['input', 'id']);
      await requireUnit(ctx, post.unitId, Permission.WRITE);
      return { post: await ctx.app.org.posts.end(tx, id, input.endedOn ?? ctx.today, input.reason ?? null, ctx.today) };
    });
  }
}
