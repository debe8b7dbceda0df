import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import {
  ancestorOrSelfIdsSql,
  AppError,
  checkDateRange,
  ConnectionArgs,
  ConnectionType,
  type Context,
  DateScalar,
  ErrorCode,
  type ListSql,
  loadConnection,
  LoaderRegistry,
  type LocalDate,
  OrgUnit,
  pageRequest,
  SortDirection,
} from '#module-kit';
import { VillageDisclosure } from '../entities/disclosure.entity';
import { VillageFeedback } from '../entities/feedback.entity';
import { VillageMatter } from '../entities/matter.entity';
import { PowerListItem } from '../entities/power-item.entity';
import { DueStatus, MatterCategory, MatterOrder, MatterStatus } from '../enums';
import { MatterOrderBy } from './inputs';
import { MODULE, services } from '../services';
import { loadCompliance, loadDueDisclosures, loadFeedbackFigures, loadMatterFigures } from '../services/figures';
import { isVillage } from '../services/matter.service';
import { DisclosureCompliance, DueDisclosure, FeedbackFigures, MatterFigures } from './types';
import { VILLAGE_MESSAGES as V } from '../messages';

export const VillageMatterConnection = ConnectionType(VillageMatter, 'VillageMatter', '村级重大事项');
export const VillageDisclosureConnection = ConnectionType(VillageDisclosure, 'VillageDisclosure', '村务公开');
export const VillageFeedbackConnection = ConnectionType(VillageFeedback, 'VillageFeedback', '群众意见');

const UNDER = (alias: string) =>
  `JOIN org_unit v ON v.id = ${alias}.unit_id AND v.path >= t.path AND v.path < t.path || '~'`;
const DAYS = (col: string) => `(-(${col} - date '2000-01-01'))`;

/** Roll-up ranges: at most three years (the disclosure schedule is expanded period by period). */
const range = (from: LocalDate, to: LocalDate) => checkDateRange(from, to, 3 * 366);

const FromArg = () => Arg('from', () => DateScalar, { description: '起始 — first day' });
const ToArg = () => Arg('to', () => DateScalar, { description: '截止 — last day' });

/** Village affairs under a unit: the lists, the roll-ups, and the power list that applies. */
@Resolver(() => OrgUnit)
export class OrgUnitVillageAffairsFields {
  @FieldResolver(() => VillageMatterConnection, {
    nullable: true,
    description:
      '村级重大事项 — major matters of the villages under this unit, most recently proposed first unless orderBy says otherwise',
  })
  villageMatters(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: ConnectionArgs,
    @Arg('statuses', () => [MatterStatus], { nullable: true, description: '状态 — only these' })
    statuses?: MatterStatus[],
    @Arg('categories', () => [MatterCategory], { nullable: true, description: '类别 — only these' })
    categories?: MatterCategory[],
    @Arg('orderBy', () => MatterOrderBy, {
      nullable: true,
      description: '排序 — field and direction (default most recently proposed first); a cursor holds its order',
    })
    orderBy?: MatterOrderBy,
  ) {
    return loadConnection(
      ctx,
      VillageMatter,
      'va:matters',
      { statuses, categories, orderBy },
      pageRequest(page, info),
      unit.id,
      (ids): ListSql => {
        const params: unknown[] = [ids];
        const where = [
          statuses?.length && `m.status = ANY($${params.push(statuses)}::text[])`,
          categories?.length && `m.category = ANY($${params.push(categories)}::text[])`,
        ].filter(Boolean);
        return {
          partition: 't.id',
          id: 'm.id',
          ...(orderBy
            ? {
                sort: [
                  orderBy.field === MatterOrder.CLOSED_ON
                    ? `coalesce(m.closed_on, date '9999-12-31')`
                    : 'm.proposed_on',
                  'm.id',
                ],
                descending: orderBy.direction === SortDirection.DESC,
              }
            : { sort: [DAYS('m.proposed_on'), '(-m.id)'] }),
          from: `FROM org_unit t JOIN va_matter m ON true ${UNDER('m')} WHERE t.id = ANY($1::int[]) ${where.map((w) => `AND ${w}`).join(' ')}`,
          params,
        };
      },
    );
  }

  @FieldResolver(() => VillageDisclosureConnection, {
    nullable: true,
    description: '村务公开 — disclosures of the villages under this unit, most recently published first',
  })
  villageDisclosures(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: ConnectionArgs,
    @Arg('categories', () => [String], { nullable: true, description: '类别 — only these' }) categories?: string[],
  ) {
    return loadConnection(
      ctx,
      VillageDisclosure,
      'va:disclosures',
      { categories },
      pageRequest(page, info),
      unit.id,
      (ids): ListSql => {
        const params: unknown[] = [ids];
        const where = categories?.length ? `AND d.category = ANY($${params.push(categories)}::text[])` : '';
        return {
          partition: 't.id',
          id: 'd.id',
          sort: [DAYS('d.published_on'), '(-d.id)'],
          from: `FROM org_unit t JOIN va_disclosure d ON true ${UNDER('d')} WHERE t.id = ANY($1::int[]) ${where}`,
          params,
        };
      },
    );
  }

  @FieldResolver(() => VillageFeedbackConnection, {
    nullable: true,
    description:
      "意见登记簿 — villagers' feedback registered by the villages and collected by the work stations under this unit, most recent first",
  })
  villageFeedback(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: ConnectionArgs,
    @Arg('unanswered', () => Boolean, {
      nullable: true,
      description: '未答复 — only unanswered (true) or answered (false)',
    })
    unanswered?: boolean,
    @Arg('overdue', () => Boolean, {
      nullable: true,
      description: "逾期未复 — only those unanswered past the policy's days",
    })
    overdue?: boolean,
    @Arg('passedUp', () => Boolean, {
      nullable: true,
      description: '已上报 — only those a work station passed up (true) or not (false)',
    })
    passedUp?: boolean,
  ) {
    const days = services(ctx).policy.feedbackReplyDays;
    return loadConnection(
      ctx,
      VillageFeedback,
      'va:feedback',
      { unanswered, overdue, passedUp },
      pageRequest(page, info),
      unit.id,
      (ids): ListSql => {
        const params: unknown[] = [ids];
        const where: string[] = [];
        if (unanswered != null) where.push(`f.replied_on IS ${unanswered ? '' : 'NOT '}NULL`);
        if (passedUp != null) where.push(`f.passed_to_unit_id IS ${passedUp ? 'NOT ' : ''}NULL`);
        if (overdue)
          where.push(
            `f.replied_on IS NULL AND f.received_on + $${params.push(days)}::int < $${params.push(ctx.today)}::date`,
          );
        return {
          partition: 't.id',
          id: 'f.id',
          sort: [DAYS('f.received_on'), '(-f.id)'],
          from: `FROM org_unit t JOIN va_feedback f ON true ${UNDER('f')} WHERE t.id = ANY($1::int[]) ${where.map((w) => `AND ${w}`).join(' ')}`,
          params,
        };
      },
    );
  }

  @FieldResolver(() => [DueDisclosure], {
    nullable: true,
    description:
      '应公开清单 — for a village: every disclosure it owed in the range by the schedule, with its status (oldest first)',
  })
  dueDisclosures(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @FromArg() from: LocalDate,
    @ToArg() to: LocalDate,
    @Arg('statuses', () => [DueStatus], { nullable: true, description: '情况 — only these' }) statuses?: DueStatus[],
  ) {
    range(from, to);
    if (!isVillage(unit)) throw new AppError(ErrorCode.BAD_USER_INPUT, V.dueDisclosuresOfVillage());
    const key = `va:due:${from}:${to}:${(statuses ?? []).join(',')}`;
    return ctx.loaders
      .get<number, DueDisclosure[]>(key, (ids) =>
        loadDueDisclosures(ctx.db, services(ctx).policy, ids, from, to, ctx.today, statuses?.length ? statuses : null),
      )
      .load(unit.id);
  }

  @FieldResolver(() => DisclosureCompliance, {
    nullable: true,
    description:
      '村务公开情况 — disclosures due from the villages under this unit in the range: due, on time, late, missing, by category',
  })
  disclosureCompliance(@Root() unit: OrgUnit, @Ctx() ctx: Context, @FromArg() from: LocalDate, @ToArg() to: LocalDate) {
    range(from, to);
    return ctx.loaders
      .get<number, DisclosureCompliance>(`va:compliance:${from}:${to}`, (ids) =>
        loadCompliance(ctx.db, services(ctx).policy, ids, from, to, ctx.today, ctx.app.figures.closeAfterDays(MODULE)),
      )
      .load(unit.id);
  }

  @FieldResolver(() => MatterFigures, {
    nullable: true,
    description:
      '重大事项统计 — matters proposed in the range under this unit: by category, by step awaited, completed and rejected',
  })
  villageMatterStats(@Root() unit: OrgUnit, @Ctx() ctx: Context, @FromArg() from: LocalDate, @ToArg() to: LocalDate) {
    range(from, to);
    return ctx.loaders
      .get<number, MatterFigures>(`va:matterStats:${from}:${to}`, (ids) => loadMatterFigures(ctx.db, ids, from, to))
      .load(unit.id);
  }

  @FieldResolver(() => FeedbackFigures, {
    nullable: true,
    description: '意见办理统计 — feedback received in the range under this unit and how it was answered',
  })
  villageFeedbackStats(@Root() unit: OrgUnit, @Ctx() ctx: Context, @FromArg() from: LocalDate, @ToArg() to: LocalDate) {
    range(from, to);
    return ctx.loaders
      .get<number, FeedbackFigures>(`va:feedbackStats:${from}:${to}`, (ids) =>
        loadFeedbackFigures(
          ctx.db,
          services(ctx).policy,
          ids,
          from,
          to,
          ctx.today,
          ctx.app.figures.closeAfterDays(MODULE),
        ),
      )
      .load(unit.id);
  }

  @FieldResolver(() => [PowerListItem], {
    nullable: true,
    description: "村级权力清单 — the power list that applies here: this unit's own, or the nearest up the tree",
  })
  powerList(@Root() unit: OrgUnit, @Ctx() ctx: Context) {
    return ctx.loaders
      .get<number, PowerListItem[]>('va:powerList', async (ids) => {
        const rows = await ctx.db.query(
          `SELECT DISTINCT ON (t.id) t.id AS unit_id, a.id AS owner
           FROM org_unit t JOIN org_unit a ON a.id = ANY(${ancestorOrSelfIdsSql('t')})
           WHERE t.id = ANY($1::int[]) AND EXISTS (SELECT 1 FROM va_power_item i WHERE i.unit_id = a.id)
           ORDER BY t.id, a.depth DESC`,
          [ids],
        );
        const ownerOf = new Map<number, number>(
          rows.map((r: { unit_id: number; owner: number }) => [r.unit_id, r.owner]),
        );
        const owners = [...new Set(ownerOf.values())];
        const items = owners.length
          ? await ctx.db
              .getRepository(PowerListItem)
              .createQueryBuilder('i')
              .where('i.unit_id = ANY(:owners)', { owners })
              .orderBy('i.position')
              .getMany()
          : [];
        const grouped = LoaderRegistry.group(owners, items, (x) => x.unitId);
        const byOwner = new Map(owners.map((o, i) => [o, grouped[i]]));
        return ids.map((id) => byOwner.get(ownerOf.get(id)!) ?? []);
      })
      .load(unit.id);
  }
}
