import type { EntityManager } from 'typeorm';
import {
  type Act,
  type Attachment,
  checkAttachments,
  ErrorCode,
  type FiguresEngine,
  type LocalDate,
  OrgUnit,
  OrgUnitKind,
  refuse,
  coreMessages,
} from '#module-kit';
import { VillageDisclosure } from '../entities/disclosure.entity';
import { VillageFeedback } from '../entities/feedback.entity';
import { PowerListItem } from '../entities/power-item.entity';
import { DisclosureChannel, FeedbackChannel, PowerCategory, PowerProcedure } from '../enums';
import type { IssueListsPort } from './issue-port';
import { isVillage } from './matter.service';
import type { VillageAffairsPolicy } from './policy';
import { disclosureReach, reachOf } from './tallies';
import { VILLAGE_LABELS as VL, VILLAGE_MESSAGES as V } from '../messages';

const MODULE = 'village-affairs';

const f = (...path: string[]) => ['input', ...path];

/** Who registers feedback: a village or community branch, or a work station. */
export const isCollector = (u: OrgUnit) => isVillage(u) || u.kind === OrgUnitKind.WORK_STATION;

const refuseUnlessStation = (unit: OrgUnit) => {
  if (unit.kind !== OrgUnitKind.WORK_STATION) refuse(ErrorCode.BAD_USER_INPUT, V.stationsPassUp(), f('feedbackId'));
};

/** The unit that holds feedback now: the committee a station passed it up to, or the collector. */
export const holderOf = (x: VillageFeedback) => x.passedToUnitId ?? x.unitId;

export interface NewDisclosure {
  category: string;
  periodStart: LocalDate;
  periodEnd: LocalDate;
  publishedOn: LocalDate;
  channels: DisclosureChannel[];
  summary: string;
  attachments?: Attachment[] | null;
}

export interface NewFeedback {
  matterId?: number | null;
  disclosureId?: number | null;
  name?: string | null;
  receivedOn: LocalDate;
  channel: FeedbackChannel;
  content: string;
}

export interface PowerItemInput {
  category: PowerCategory;
  code: string;
  title: string;
  procedure: PowerProcedure;
  flow?: string | null;
}

/** Disclosures (村务公开), the feedback register (意见登记簿) and the power list (村级权力清单). */
export class DisclosureService {
  constructor(
    private readonly policy: VillageAffairsPolicy,
    private readonly figures: FiguresEngine,
  ) {}

  /**
   * A write that would change a closed month of the unit, from `from` (the first month the fact can
   * change) through `through` (its own day, or the last month it reaches), is refused PERIOD_CLOSED on `field`.
   */
  private open(tx: EntityManager, unitId: number, from: LocalDate, field: string, act: Act, through = from) {
    return this.figures.assertOpen(tx, {
      unitId,
      from,
      through: through > from ? through : from,
      modules: [MODULE],
      today: act.today,
      field: f(field),
    });
  }

  /** The unit's tallies from the fact's day on, in the writing transaction. */
  private recount(tx: EntityManager, unitId: number, day: LocalDate) {
    return this.figures.recount(tx, MODULE, [unitId], day);
  }

  /**
   * Records a disclosure as declared, with the instant it was entered: published before its period ended it
   * is partial (it cannot cover what had not happened yet); entered long after its declared day it is
   * flagged, and judged by policy (`lateRecords`).
   */
  async record(tx: EntityManager, unit: OrgUnit, input: NewDisclosure, act: Act): Promise<VillageDisclosure> {
    const today = act.today;
    if (!isVillage(unit)) refuse(ErrorCode.BAD_USER_INPUT, V.disclosedByVillage(), f('unitId'));
    if (!this.policy.disclosures[input.category])
      refuse(
        ErrorCode.BAD_USER_INPUT,
        V.unknownCategory({ category: input.category, known: Object.keys(this.policy.disclosures) }),
        f('category'),
      );
    if (input.periodEnd < input.periodStart)
      refuse(ErrorCode.BAD_USER_INPUT, V.periodEndsBeforeStart(), f('periodEnd'));
    if (input.publishedOn > today)
      refuse(ErrorCode.BAD_USER_INPUT, coreMessages.inFuture({ field: VL.publishedOn }), f('publishedOn'));
    if (input.publishedOn < input.periodStart)
      refuse(ErrorCode.BAD_USER_INPUT, V.disclosedOnceBegun(), f('publishedOn'));
    if (!input.channels.length) refuse(ErrorCode.BAD_USER_INPUT, V.channelRequired(), f('channels'));
    if (!input.summary.trim()) refuse(ErrorCode.BAD_USER_INPUT, V.summaryRequired(), f('summary'));
    const attachments = checkAttachments(input.attachments);
    // It meets or partly meets due periods from its start on, in months not closed by its publication
    // (reaching to its end, where published before it ended).
    const reach = disclosureReach(this.figures, input.periodStart, input.publishedOn);
    const last = input.periodEnd > input.publishedOn ? input.periodEnd : input.publishedOn;
    await this.open(tx, unit.id, reach, 'publishedOn', act, last);
    const result = await tx.insert(VillageDisclosure, {
      unitId: unit.id,
      category: input.category,
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      publishedOn: input.publishedOn,
      channels: [...new Set(input.channels)],
      summary: input.summary.trim(),
      attachments,
      recordedBy: act.actorId,
      recordedAt: act.at,
      recordedOn: act.today,
    });
    await this.recount(tx, unit.id, reach);
    return tx.findOneOrFail(VillageDisclosure, { where: { id: result.identifiers[0].id } });
  }

  /**
   * Registers feedback where it was collected: by a village or community branch (意见登记簿), or by a work
   * station (收集社情民意, seed 000). It may concern a matter or a disclosure of that village, or of a
   * village under the station.
   */
  async registerFeedback(tx: EntityManager, unit: OrgUnit, input: NewFeedback, act: Act): Promise<VillageFeedback> {
    if (!isCollector(unit)) refuse(ErrorCode.BAD_USER_INPUT, V.feedbackRegisteredBy(), f('unitId'));
    if (input.matterId && input.disclosureId)
      refuse(ErrorCode.BAD_USER_INPUT, V.matterOrDisclosure(), f('disclosureId'));
    const under = async (table: 'va_matter' | 'va_disclosure', id: number) => {
      const [row] = await tx.query(
        `SELECT 1 AS ok FROM ${table} x JOIN org_unit v ON v.id = x.unit_id
         WHERE x.id = $1 AND v.path >= $2 AND v.path < $2 || '~'`,
        [id, unit.path],
      );
      return !!row;
    };
    const here = unit.kind === OrgUnitKind.WORK_STATION ? VL.inVillageUnderStation : VL.inThisVillage;
    if (input.matterId && !(await under('va_matter', input.matterId)))
      refuse(ErrorCode.NOT_FOUND, V.noSuchMatter({ here }), f('matterId'));
    if (input.disclosureId && !(await under('va_disclosure', input.disclosureId)))
      refuse(ErrorCode.NOT_FOUND, V.noSuchDisclosure({ here }), f('disclosureId'));
    if (input.receivedOn > act.today)
      refuse(ErrorCode.BAD_USER_INPUT, coreMessages.inFuture({ field: VL.receivedOn }), f('receivedOn'));
    if (!input.content.trim()) refuse(ErrorCode.BAD_USER_INPUT, V.contentRequired(), f('content'));
    await this.open(tx, unit.id, input.receivedOn, 'receivedOn', act);
    const result = await tx.insert(VillageFeedback, {
      unitId: unit.id,
      matterId: input.matterId ?? null,
      disclosureId: input.disclosureId ?? null,
      name: input.name?.trim() || null,
      receivedOn: input.receivedOn,
      channel: input.channel,
      content: input.content.trim(),
      recordedAt: act.at,
    });
    await this.recount(tx, unit.id, input.receivedOn);
    return tx.findOneOrFail(VillageFeedback, { where: { id: result.identifiers[0].id } });
  }

  /**
   * A work station passes an opinion it collected up to the committee above it (its township or
   * subdistrict): that committee answers it from then on. Villages answer their own feedback, or raise it
   * on the issue list.
   */
  async passUp(
    tx: EntityManager,
    feedback: VillageFeedback,
    station: OrgUnit,
    to: OrgUnit,
    input: { passedOn: LocalDate; note?: string | null },
    act: Act,
  ): Promise<VillageFeedback> {
    refuseUnlessStation(station);
    if (feedback.passedToUnitId)
      refuse(ErrorCode.INVALID_STATE, V.passedUpOn({ on: feedback.passedOn }), f('feedbackId'));
    if (feedback.repliedOn) refuse(ErrorCode.INVALID_STATE, V.answeredOn({ on: feedback.repliedOn }), f('feedbackId'));
    if (input.passedOn > act.today || input.passedOn < feedback.receivedOn)
      refuse(ErrorCode.BAD_USER_INPUT, V.betweenReceivingAndToday({ field: VL.passedOn }), f('passedOn'));
    const reach = reachOf(this.figures, feedback.receivedOn, input.passedOn);
    await this.open(tx, feedback.unitId, reach, 'passedOn', act, input.passedOn);
    await tx.update(
      VillageFeedback,
      { id: feedback.id },
      {
        passedToUnitId: to.id,
        passedOn: input.passedOn,
        passedAt: act.at,
        passedBy: act.actorId,
        passNote: input.note?.trim() || null,
      },
    );
    await this.recount(tx, feedback.unitId, reach);
    return tx.findOneOrFail(VillageFeedback, { where: { id: feedback.id } });
  }

  /** The unit above a work station that takes up what it passes: its township or subdistrict committee. */
  async committeeAbove(tx: EntityManager, station: OrgUnit): Promise<OrgUnit> {
    refuseUnlessStation(station);
    const parent = station.parentId ? await tx.findOne(OrgUnit, { where: { id: station.parentId } }) : null;
    if (
      !parent ||
      (parent.kind !== OrgUnitKind.TOWNSHIP_COMMITTEE && parent.kind !== OrgUnitKind.SUBDISTRICT_COMMITTEE)
    )
      refuse(ErrorCode.INVALID_STATE, V.noCommitteeAbove(), f('feedbackId'));
    return parent;
  }

  /** Answers feedback on behalf of the unit holding it (the collector, or the committee it was passed up to). */
  async reply(
    tx: EntityManager,
    feedback: VillageFeedback,
    input: { reply: string; repliedOn: LocalDate; replier: string },
    act: Act,
  ): Promise<VillageFeedback> {
    if (feedback.repliedOn) refuse(ErrorCode.INVALID_STATE, V.answeredOn({ on: feedback.repliedOn }), f('feedbackId'));
    if (input.repliedOn > act.today || input.repliedOn < feedback.receivedOn)
      refuse(ErrorCode.BAD_USER_INPUT, V.betweenReceivingAndToday({ field: VL.repliedOn }), f('repliedOn'));
    if (feedback.passedOn && input.repliedOn < feedback.passedOn)
      refuse(ErrorCode.BAD_USER_INPUT, V.answerAfterPassedUp({ on: feedback.passedOn }), f('repliedOn'));
    if (!input.reply.trim()) refuse(ErrorCode.BAD_USER_INPUT, V.replyRequired(), f('reply'));
    if (!input.replier.trim()) refuse(ErrorCode.BAD_USER_INPUT, V.replierRequired(), f('replier'));
    const reach = reachOf(this.figures, feedback.receivedOn, input.repliedOn);
    await this.open(tx, feedback.unitId, reach, 'repliedOn', act, input.repliedOn);
    await tx.update(
      VillageFeedback,
      { id: feedback.id },
      {
        reply: input.reply.trim(),
        repliedOn: input.repliedOn,
        replier: input.replier.trim(),
        repliedBy: act.actorId,
        replyRecordedAt: act.at,
        replyRecordedOn: act.today,
        answeredByUnitId: holderOf(feedback),
      },
    );
    await this.recount(tx, feedback.unitId, reach);
    return tx.findOneOrFail(VillageFeedback, { where: { id: feedback.id } });
  }

  /** Feedback that needs solving becomes an issue (意见建议) of the unit holding it, linked both ways. */
  async raiseIssue(
    tx: EntityManager,
    feedback: VillageFeedback,
    port: IssueListsPort,
    category: string,
    act: Act,
  ): Promise<VillageFeedback> {
    if (feedback.issueRef) refuse(ErrorCode.CONFLICT, V.feedbackOnIssueList(), f('feedbackId'));
    const issue = await port.issues.raise(
      tx,
      {
        title: `群众意见：${feedback.content.slice(0, 180)}`,
        description: feedback.content,
        category,
        source: 'SUGGESTION',
        sourceRef: feedback.nodeId,
        raisedUnitId: holderOf(feedback),
      },
      act,
    );
    await tx.update(VillageFeedback, { id: feedback.id }, { issueRef: issue.nodeId, issueRaisedOn: act.today });
    // Raised today: it counts in the month the feedback came in only while that month is open.
    await this.recount(tx, feedback.unitId, reachOf(this.figures, feedback.receivedOn, act.today));
    return tx.findOneOrFail(VillageFeedback, { where: { id: feedback.id } });
  }

  async lockFeedback(tx: EntityManager, id: number): Promise<VillageFeedback> {
    const feedback = await tx.findOne(VillageFeedback, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!feedback) refuse(ErrorCode.NOT_FOUND, coreMessages.notFound({ what: VL.feedback }), f('feedbackId'));
    return feedback;
  }

  /** Replaces a locality's power list; units below use the nearest list up the tree. */
  async setPowerList(tx: EntityManager, unit: OrgUnit, items: PowerItemInput[]): Promise<PowerListItem[]> {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const code = item.code.trim();
      if (!code || !item.title.trim()) refuse(ErrorCode.BAD_USER_INPUT, V.itemCodeTitle(), f('items', String(i)));
      if (seen.has(code)) refuse(ErrorCode.BAD_USER_INPUT, V.codeTwice({ code }), f('items', String(i), 'code'));
      seen.add(code);
    });
    await tx.delete(PowerListItem, { unitId: unit.id });
    if (items.length) {
      await tx.insert(
        PowerListItem,
        items.map((item, position) => ({
          unitId: unit.id,
          category: item.category,
          code: item.code.trim(),
          title: item.title.trim(),
          procedure: item.procedure,
          flow: item.flow?.trim() || null,
          position,
        })),
      );
    }
    return tx.find(PowerListItem, { where: { unitId: unit.id }, order: { position: 'ASC' } });
  }
}
