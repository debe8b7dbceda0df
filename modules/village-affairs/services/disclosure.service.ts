import type { EntityManager } from 'typeorm';
import {
  type Act,
  type Attachment,
  checkAttachments,
  ErrorCode,
  type LocalDate,
  type OrgUnit,
  refuse,
} from '#module-kit';
import { VillageDisclosure } from '../entities/disclosure.entity';
import { VillageFeedback } from '../entities/feedback.entity';
import { VillageMatter } from '../entities/matter.entity';
import { PowerListItem } from '../entities/power-item.entity';
import { DisclosureChannel, FeedbackChannel, PowerCategory, PowerProcedure } from '../enums';
import type { IssueListsPort } from './issue-port';
import { isVillage } from './matter.service';
import type { VillageAffairsPolicy } from './policy';

const f = (...path: string[]) => ['input', ...path];

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
  constructor(private readonly policy: VillageAffairsPolicy) {}

  async record(
    tx: EntityManager,
    unit: OrgUnit,
    input: NewDisclosure,
    actorId: number | null,
    today: LocalDate,
  ): Promise<VillageDisclosure> {
    if (!isVillage(unit))
      refuse(ErrorCode.BAD_USER_INPUT, 'village affairs are disclosed by a village or community branch', f('unitId'));
    if (!this.policy.disclosures[input.category])
      refuse(
        ErrorCode.BAD_USER_INPUT,
        `unknown category ${input.category} (known: ${Object.keys(this.policy.disclosures).join(', ')})`,
        f('category'),
      );
    if (input.periodEnd < input.periodStart)
      refuse(ErrorCode.BAD_USER_INPUT, 'the period ends before it starts', f('periodEnd'));
    if (input.publishedOn > today)
      refuse(ErrorCode.BAD_USER_INPUT, 'publishedOn cannot be in the future', f('publishedOn'));
    if (input.publishedOn < input.periodStart)
      refuse(ErrorCode.BAD_USER_INPUT, 'a period is disclosed once it has begun', f('publishedOn'));
    if (!input.channels.length) refuse(ErrorCode.BAD_USER_INPUT, 'name at least one channel', f('channels'));
    if (!input.summary.trim()) refuse(ErrorCode.BAD_USER_INPUT, 'say what was disclosed', f('summary'));
    const attachments = checkAttachments(input.attachments);
    const result = await tx.insert(VillageDisclosure, {
      unitId: unit.id,
      category: input.category,
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      publishedOn: input.publishedOn,
      channels: [...new Set(input.channels)],
      summary: input.summary.trim(),
      attachments,
      recordedBy: actorId,
    });
    return tx.findOneOrFail(VillageDisclosure, { where: { id: result.identifiers[0].id } });
  }

  async registerFeedback(
    tx: EntityManager,
    unit: OrgUnit,
    input: NewFeedback,
    today: LocalDate,
  ): Promise<VillageFeedback> {
    if (!isVillage(unit))
      refuse(ErrorCode.BAD_USER_INPUT, 'feedback is registered by a village or community branch', f('unitId'));
    if (input.matterId && input.disclosureId)
      refuse(ErrorCode.BAD_USER_INPUT, 'feedback concerns a matter or a disclosure, not both', f('disclosureId'));
    if (input.matterId && !(await tx.exists(VillageMatter, { where: { id: input.matterId, unitId: unit.id } })))
      refuse(ErrorCode.NOT_FOUND, 'no such matter in this village', f('matterId'));
    if (
      input.disclosureId &&
      !(await tx.exists(VillageDisclosure, { where: { id: input.disclosureId, unitId: unit.id } }))
    )
      refuse(ErrorCode.NOT_FOUND, 'no such disclosure in this village', f('disclosureId'));
    if (input.receivedOn > today)
      refuse(ErrorCode.BAD_USER_INPUT, 'receivedOn cannot be in the future', f('receivedOn'));
    if (!input.content.trim()) refuse(ErrorCode.BAD_USER_INPUT, 'say what the villager said', f('content'));
    const result = await tx.insert(VillageFeedback, {
      unitId: unit.id,
      matterId: input.matterId ?? null,
      disclosureId: input.disclosureId ?? null,
      name: input.name?.trim() || null,
      receivedOn: input.receivedOn,
      channel: input.channel,
      content: input.content.trim(),
    });
    return tx.findOneOrFail(VillageFeedback, { where: { id: result.identifiers[0].id } });
  }

  async reply(
    tx: EntityManager,
    feedback: VillageFeedback,
    input: { reply: string; repliedOn: LocalDate; replier: string },
    actorId: number | null,
    today: LocalDate,
  ): Promise<VillageFeedback> {
    if (feedback.repliedOn)
      refuse(ErrorCode.INVALID_STATE, `this feedback was answered on ${feedback.repliedOn}`, f('feedbackId'));
    if (input.repliedOn > today || input.repliedOn < feedback.receivedOn)
      refuse(ErrorCode.BAD_USER_INPUT, 'repliedOn falls between receiving it and today', f('repliedOn'));
    if (!input.reply.trim()) refuse(ErrorCode.BAD_USER_INPUT, 'say what was answered', f('reply'));
    if (!input.replier.trim()) refuse(ErrorCode.BAD_USER_INPUT, 'say who answered', f('replier'));
    await tx.update(
      VillageFeedback,
      { id: feedback.id },
      { reply: input.reply.trim(), repliedOn: input.repliedOn, replier: input.replier.trim(), repliedBy: actorId },
    );
    return tx.findOneOrFail(VillageFeedback, { where: { id: feedback.id } });
  }

  /** Feedback that needs solving becomes an issue of the village (意见建议), linked both ways. */
  async raiseIssue(
    tx: EntityManager,
    feedback: VillageFeedback,
    port: IssueListsPort,
    category: string,
    act: Act,
  ): Promise<VillageFeedback> {
    if (feedback.issueRef) refuse(ErrorCode.CONFLICT, 'this feedback is already on the issue list', f('feedbackId'));
    const issue = await port.issues.raise(
      tx,
      {
        title: `群众意见：${feedback.content.slice(0, 180)}`,
        description: feedback.content,
        category,
        source: 'SUGGESTION',
        sourceRef: feedback.nodeId,
        raisedUnitId: feedback.unitId,
      },
      act,
    );
    await tx.update(VillageFeedback, { id: feedback.id }, { issueRef: issue.nodeId });
    return tx.findOneOrFail(VillageFeedback, { where: { id: feedback.id } });
  }

  async lockFeedback(tx: EntityManager, id: number): Promise<VillageFeedback> {
    const feedback = await tx.findOne(VillageFeedback, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!feedback) refuse(ErrorCode.NOT_FOUND, 'feedback not found', f('feedbackId'));
    return feedback;
  }

  /** Replaces a locality's power list; units below use the nearest list up the tree. */
  async setPowerList(tx: EntityManager, unit: OrgUnit, items: PowerItemInput[]): Promise<PowerListItem[]> {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const code = item.code.trim();
      if (!code || !item.title.trim())
        refuse(ErrorCode.BAD_USER_INPUT, 'every item has a code and a title', f('items', String(i)));
      if (seen.has(code)) refuse(ErrorCode.BAD_USER_INPUT, `code ${code} appears twice`, f('items', String(i), 'code'));
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
