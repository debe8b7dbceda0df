import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import {
  Account,
  actOf,
  AttachmentRef,
  type Context,
  deny,
  ErrorCode,
  inputId,
  loadNode,
  Node,
  optionalInputId,
  OrgUnit,
  Permission,
  refuse,
  requireModule,
  requireUnit,
  runMutation,
  unitFromInput,
  coreMessages,
  coreLabels,
} from '#module-kit';
import { Inspection } from '../entities/inspection.entity';
import { Issue } from '../entities/issue.entity';
import { IssueEvent } from '../entities/issue-event.entity';
import { HandlingLevel, IssueEventKind, IssueSource, IssueStatus } from '../enums';
import { services } from '../services';
import { listUnitOf } from '../services/levels';
import { currentLevels, resolvedLevels } from '../services/lists';
import { AssignIssueInput, HandOverIssueInput, IssueActionInput, RaiseIssueInput } from './inputs';
import { IssuePayload } from './payloads';
import { ISSUE_LABELS as IL, ISSUE_MESSAGES as I } from '../messages';

const unitOf = (ctx: Context, id: number) => ctx.loaders.byId(OrgUnit).load(id);

/**
 * A unit an issue is assigned or handed to (it then sees and works on the issue) must have the
 * module on, like the unit the issue comes from. A unit that does not exist is left to the service.
 */
async function moduleOnAt(ctx: Context, unitId: number | null): Promise<void> {
  if (unitId !== null && (await unitOf(ctx, unitId))) await requireModule(ctx, unitId);
}

/** Work on an issue is done by whoever does module work for its handling unit. */
async function handled(ctx: Context, tx: EntityManager, input: { issueId: string; version?: number }) {
  const issue = await services(ctx).issues.lock(
    tx,
    inputId(input.issueId, 'Issue', ['input', 'issueId']),
    input.version,
  );
  await requireUnit(ctx, issue.handlingUnitId, Permission.MODULE_WORK);
  return issue;
}

/** Roles that work on a unit (MODULE_WORK), as grants name them. */
const WORKING_ROLES = ['ADMIN', 'SECRETARY', 'STATION_STAFF'];

/** The units on a unit's path, root first. */
async function chainOf(ctx: Context, unit: OrgUnit): Promise<OrgUnit[]> {
  const ids = unit.path.split('/').filter(Boolean).map(Number);
  return (await ctx.loaders.byId(OrgUnit).loadMany(ids)).filter((u): u is OrgUnit => u instanceof OrgUnit);
}

/** The unit whose issue list a unit works on (itself, or the nearest list-keeping unit above it). */
async function listUnit(ctx: Context, unit: OrgUnit): Promise<OrgUnit> {
  return listUnitOf(await chainOf(ctx, unit)) ?? unit;
}

/**
 * Closing (销号) confirms the work of the list the issue was solved on (市-县-镇-站(村)四级联动), never
 * by that list's own level. Confirmed by:
 * - the level above the solving list (the parent of the station, village, township, county or city
 *   whose list it was solved on), or
 * - the unit that raised it, through a grant of its own (on the raising unit or below it), when it
 *   raised it on another list than the one it was solved on. Rights held over the raising unit from
 *   above do not count: a station or a township that handed an issue up cannot cross off the work
 *   of the county above it on the village's behalf.
 * - At the top of the tree (a list with no level above it, e.g. the city) an issue the top unit
 *   raised itself is confirmed there by someone other than the account that reported it solved.
 * A deployment administrator is not a level of the linkage: it confirms as the level above a list
 * (its grant covers every unit) but never as the raising unit, so a city-solved issue is closed by
 * the unit that raised it.
 */
async function confirmable(ctx: Context, tx: EntityManager, input: { issueId: string; version?: number }) {
  const issue = await services(ctx).issues.lock(
    tx,
    inputId(input.issueId, 'Issue', ['input', 'issueId']),
    input.version,
  );
  const [raised, handling] = await Promise.all([unitOf(ctx, issue.raisedUnitId), unitOf(ctx, issue.handlingUnitId)]);
  if (!raised || !handling)
    refuse(ErrorCode.NOT_FOUND, coreMessages.notFound({ what: IL.issue }), ['input', 'issueId']);
  const [solvingList, raisingList] = await Promise.all([listUnit(ctx, handling), listUnit(ctx, raised)]);
  const above = solvingList.parentId ? await unitOf(ctx, solvingList.parentId) : null;
  const ownGrant = (unit: OrgUnit) =>
    (ctx.access.viewer?.grants ?? []).some(
      (g) => WORKING_ROLES.includes(g.role) && g.path !== null && g.path.startsWith(unit.path),
    );
  const asAbove = !!above && ctx.access.can(Permission.MODULE_WORK, above);
  const asRaiser =
    raisingList.id !== solvingList.id && ownGrant(raised) && !ctx.access.can(Permission.MODULE_WORK, handling);
  let asTop = false;
  if (!asAbove && !asRaiser && !above && raisingList.id === solvingList.id && ownGrant(solvingList)) {
    const [last] = await tx.query<{ actor_id: number | null }[]>(
      `SELECT actor_id FROM il_issue_event WHERE issue_id = $1 AND kind = 'RESOLVED' ORDER BY id DESC LIMIT 1`,
      [issue.id],
    );
    asTop = !last || last.actor_id === null || last.actor_id !== ctx.access.viewer?.accountId;
  }
  if (!asAbove && !asRaiser && !asTop)
    deny(
      ctx,
      handling,
      above ? I.confirmByAbove({ unit: solvingList.name }) : I.confirmByRaiser({ unit: solvingList.name }),
    );
  await requireUnit(ctx, asAbove ? above!.id : asRaiser ? raised.id : solvingList.id, Permission.MODULE_WORK);
  // The level above may have the module on where the solver's own unit has it off.
  await requireModule(ctx, issue.handlingUnitId);
  return issue;
}

@Resolver(() => Issue)
export class IssueResolver {
  @FieldResolver(() => OrgUnit, {
    nullable: true,
    description: '登记单位 — the unit that raised it; null when the viewer may not see that unit',
  })
  raisedAt(@Root() i: Issue, @Ctx() ctx: Context) {
    return unitOf(ctx, i.raisedUnitId);
  }

  @FieldResolver(() => Account, { nullable: true, description: '登记人 — the account that raised it' })
  raisedBy(@Root() i: Issue, @Ctx() ctx: Context) {
    return i.raisedBy === null ? null : ctx.loaders.byId(Account).load(i.raisedBy);
  }

  @FieldResolver(() => OrgUnit, {
    nullable: true,
    description:
      '办理单位 — the unit handling it now (escalation moves it up); null when the viewer may not see that unit',
  })
  handlingUnit(@Root() i: Issue, @Ctx() ctx: Context) {
    return unitOf(ctx, i.handlingUnitId);
  }

  @FieldResolver(() => HandlingLevel, {
    description:
      "办理层级 — the level of the list the handling unit works on today: the nearest city, county, township or subdistrict committee, work station, or village or community at or above it (a county department's branch works on the county's list)",
  })
  level(@Root() i: Issue, @Ctx() ctx: Context): Promise<HandlingLevel> {
    return ctx.loaders
      .get<number, HandlingLevel>('il:level', (ids) => currentLevels(ctx.db, ids))
      .load(i.handlingUnitId);
  }

  @FieldResolver(() => HandlingLevel, {
    nullable: true,
    description:
      '解决层级 — the level of the list it was solved on, as the tree was the day it was reported solved (what issueStats counts by level); null until it is reported solved',
  })
  resolvedLevel(@Root() i: Issue, @Ctx() ctx: Context): Promise<HandlingLevel | null> | null {
    if (i.resolvedUnitId === null) return null;
    return ctx.loaders
      .get<number, HandlingLevel | null>('il:resolvedLevel', (ids) => resolvedLevels(ctx.db, ids))
      .load(i.id);
  }

  @FieldResolver(() => OrgUnit, { nullable: true, description: '责任单位 — the responsible unit' })
  responsibleUnit(@Root() i: Issue, @Ctx() ctx: Context) {
    return i.responsibleUnitId === null ? null : unitOf(ctx, i.responsibleUnitId);
  }

  @FieldResolver({ description: '逾期 — open and past its deadline' })
  overdue(@Root() i: Issue, @Ctx() ctx: Context): boolean {
    return (
      [IssueStatus.OPEN, IssueStatus.ASSIGNED, IssueStatus.IN_PROGRESS].includes(i.status) &&
      !!i.deadline &&
      i.deadline < ctx.today
    );
  }

  @FieldResolver(() => [AttachmentRef], { description: '附件 — attachments by reference' })
  attachments(@Root() i: Issue): AttachmentRef[] {
    return i.attachments;
  }

  @FieldResolver(() => Account, {
    nullable: true,
    description: '销号人 — the account that confirmed it (accounts are shown to administrators)',
  })
  closedBy(@Root() i: Issue, @Ctx() ctx: Context) {
    return i.closedBy === null ? null : ctx.loaders.byId(Account).load(i.closedBy);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: '销号人姓名 — display name of whoever confirmed it, for the closure list (销号清单)',
  })
  async closedByName(@Root() i: Issue, @Ctx() ctx: Context): Promise<string | null> {
    return i.closedBy === null ? null : ((await ctx.loaders.byId(Account).load(i.closedBy))?.displayName ?? null);
  }

  @FieldResolver(() => Inspection, { nullable: true, description: '督导 — the inspection it was found in' })
  inspection(@Root() i: Issue, @Ctx() ctx: Context) {
    return i.inspectionId === null ? null : ctx.loaders.byId(Inspection).load(i.inspectionId);
  }

  @FieldResolver(() => Node, {
    nullable: true,
    description: '来源 — what it came from (a weekly report), when that module is installed and visible',
  })
  origin(@Root() i: Issue, @Ctx() ctx: Context) {
    return i.sourceRef ? loadNode(ctx, i.sourceRef) : null;
  }

  @FieldResolver(() => [IssueEvent], { description: '办理记录 — every change, oldest first' })
  timeline(@Root() i: Issue, @Ctx() ctx: Context): Promise<IssueEvent[]> {
    return ctx.loaders.hasMany(IssueEvent, 'issue_id', (e) => e.issueId).load(i.id);
  }

  @Mutation(() => IssuePayload, { description: '登记问题 — list a problem; the raising unit handles it first' })
  raiseIssue(
    @Ctx() ctx: Context,
    @Arg('input', { description: '问题 — the issue' }) input: RaiseIssueInput,
  ): Promise<IssuePayload> {
    return runMutation(ctx, input, async (tx) => {
      const unit = await unitFromInput(ctx, input.raisedUnitId, Permission.MODULE_WORK, ['input', 'raisedUnitId']);
      if (input.source === IssueSource.WEEKLY_REPORT || input.source === IssueSource.INSPECTION) {
        refuse(ErrorCode.BAD_USER_INPUT, I.raisedElsewhere(), ['input', 'source']);
      }
      const responsibleUnitId = optionalInputId(input.responsibleUnitId, 'OrgUnit', ['input', 'responsibleUnitId']);
      await moduleOnAt(ctx, responsibleUnitId);
      return {
        issue: await services(ctx).issues.raise(tx, { ...input, raisedUnitId: unit.id, responsibleUnitId }, actOf(ctx)),
      };
    });
  }

  @Mutation(() => IssuePayload, { description: '交办 — set the responsible unit and person (责任清单)' })
  assignIssue(
    @Ctx() ctx: Context,
    @Arg('input', { description: '交办内容 — who and by when' }) input: AssignIssueInput,
  ): Promise<IssuePayload> {
    return runMutation(ctx, input, async (tx) => {
      const issue = await handled(ctx, tx, input);
      const responsibleUnitId = optionalInputId(input.responsibleUnitId, 'OrgUnit', ['input', 'responsibleUnitId']);
      await moduleOnAt(ctx, responsibleUnitId);
      const assignment = {
        responsibleUnitId,
        responsiblePerson: input.responsiblePerson ?? null,
        ...(input.deadline !== undefined ? { deadline: input.deadline } : {}),
      };
      return {
        issue: await services(ctx).issues.step(
          tx,
          issue,
          IssueEventKind.ASSIGNED,
          actOf(ctx),
          input.note ?? null,
          assignment,
        ),
      };
    });
  }

  @Mutation(() => IssuePayload, { description: '开始办理 — work on an assigned issue starts' })
  startIssue(
    @Ctx() ctx: Context,
    @Arg('input', { description: '问题 — the issue' }) input: IssueActionInput,
  ): Promise<IssuePayload> {
    return runMutation(ctx, input, async (tx) => ({
      issue: await services(ctx).issues.step(
        tx,
        await handled(ctx, tx, input),
        IssueEventKind.STARTED,
        actOf(ctx),
        input.note ?? null,
      ),
    }));
  }

  @Mutation(() => IssuePayload, { description: '办结 — the handler reports it solved; it awaits confirmation' })
  resolveIssue(
    @Ctx() ctx: Context,
    @Arg('input', { description: '问题 — the issue' }) input: IssueActionInput,
  ): Promise<IssuePayload> {
    return runMutation(ctx, input, async (tx) => ({
      issue: await services(ctx).issues.step(
        tx,
        await handled(ctx, tx, input),
        IssueEventKind.RESOLVED,
        actOf(ctx),
        input.note ?? null,
      ),
    }));
  }

  @Mutation(() => IssuePayload, {
    description:
      '销号 — the level above the list it was solved on, or the unit that raised it (through its own rights), confirms and crosses it off',
  })
  closeIssue(
    @Ctx() ctx: Context,
    @Arg('input', { description: '问题 — the issue' }) input: IssueActionInput,
  ): Promise<IssuePayload> {
    return runMutation(ctx, input, async (tx) => ({
      issue: await services(ctx).issues.step(
        tx,
        await confirmable(ctx, tx, input),
        IssueEventKind.CLOSED,
        actOf(ctx),
        input.note ?? null,
      ),
    }));
  }

  @Mutation(() => IssuePayload, {
    description: '重新办理 — the confirmer finds it not solved; back to work (a note is required)',
  })
  reopenIssue(
    @Ctx() ctx: Context,
    @Arg('input', { description: '问题 — the issue and why' }) input: IssueActionInput,
  ): Promise<IssuePayload> {
    return runMutation(ctx, input, async (tx) => ({
      issue: await services(ctx).issues.step(
        tx,
        await confirmable(ctx, tx, input),
        IssueEventKind.REOPENED,
        actOf(ctx),
        input.note ?? null,
      ),
    }));
  }

  @Mutation(() => IssuePayload, { description: '上交 — hand the issue to the level above (四级联动), with a reason' })
  escalateIssue(
    @Ctx() ctx: Context,
    @Arg('input', { description: '上交内容 — the issue and why' }) input: HandOverIssueInput,
  ): Promise<IssuePayload> {
    return runMutation(ctx, input, async (tx) => {
      const issue = await handled(ctx, tx, input);
      const current = (await unitOf(ctx, issue.handlingUnitId))!;
      const parent = current.parentId ? await unitOf(ctx, current.parentId) : null;
      if (!parent) refuse(ErrorCode.INVALID_STATE, I.noLevelAbove({ unit: current.name }), ['input', 'issueId']);
      await requireModule(ctx, parent.id);
      return { issue: await services(ctx).issues.handOver(tx, issue, parent, 'up', actOf(ctx), input.reason) };
    });
  }

  @Mutation(() => IssuePayload, {
    description: '下交 — hand the issue to a unit below the handling unit, with a reason',
  })
  deescalateIssue(
    @Ctx() ctx: Context,
    @Arg('input', { description: '下交内容 — the issue, where to and why' }) input: HandOverIssueInput,
  ): Promise<IssuePayload> {
    return runMutation(ctx, input, async (tx) => {
      const issue = await handled(ctx, tx, input);
      const to = await unitOf(ctx, inputId(input.toUnitId ?? '', 'OrgUnit', ['input', 'toUnitId']));
      if (!to) refuse(ErrorCode.NOT_FOUND, coreMessages.notFound({ what: coreLabels.unit }), ['input', 'toUnitId']);
      await requireModule(ctx, to.id);
      return { issue: await services(ctx).issues.handOver(tx, issue, to, 'down', actOf(ctx), input.reason) };
    });
  }
}

@Resolver(() => IssueEvent)
export class IssueEventResolver {
  @FieldResolver(() => Account, { nullable: true, description: '操作人 — who' })
  actor(@Root() e: IssueEvent, @Ctx() ctx: Context) {
    return e.actorId === null ? null : ctx.loaders.byId(Account).load(e.actorId);
  }

  @FieldResolver(() => OrgUnit, { nullable: true, description: '原办理单位 — handling unit before a hand-over' })
  fromUnit(@Root() e: IssueEvent, @Ctx() ctx: Context) {
    return e.fromUnitId === null ? null : unitOf(ctx, e.fromUnitId);
  }

  @FieldResolver(() => OrgUnit, {
    nullable: true,
    description: '新办理单位 — handling unit after a hand-over, or where it was raised',
  })
  toUnit(@Root() e: IssueEvent, @Ctx() ctx: Context) {
    return e.toUnitId === null ? null : unitOf(ctx, e.toUnitId);
  }
}
