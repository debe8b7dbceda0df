import { IsNull, type EntityManager } from 'typeorm';
import { plusYears } from '../../calendar';
import { ErrorCode, refuse } from '../../graphql/errors';
import type { LocalDate } from '../../graphql/scalars';
import { type Policy, termYears } from '../../policy';
import { Member } from '../entities/member.entity';
import { OrgUnit } from '../entities/org-unit.entity';
import { Post } from '../entities/post.entity';
import { MemberStatus, OrgUnitKind, PostRole } from '../enums';
import { enumLabel } from '../../graphql/enum';
import { CORE_MESSAGES as M, LABELS } from '../../messages/core';

export interface NewPost {
  unitId: number;
  memberId?: number | null;
  holderName?: string | null;
  role: PostRole;
  termStart: LocalDate;
  termEnd?: LocalDate | null;
}

const STATION_ROLES = [PostRole.STATION_HEAD, PostRole.STATION_FULL_TIME_STAFF, PostRole.STATION_PART_TIME_STAFF];
/** Roles elected for the unit's term (换届); others (station staff, reserve cadres) have no default term end. */
const TERM_ROLES = [
  PostRole.SECRETARY,
  PostRole.DEPUTY_SECRETARY,
  PostRole.COMMITTEE_MEMBER,
  PostRole.FIRST_SECRETARY,
  PostRole.VILLAGE_SUPERVISOR,
];
/** At most one current holder per unit. */
const SINGLE_ROLES = [PostRole.SECRETARY, PostRole.STATION_HEAD, PostRole.FIRST_SECRETARY];

export class PostService {
  constructor(private readonly policy: Policy) {}

  async create(tx: EntityManager, input: NewPost, today: LocalDate): Promise<Post> {
    const unit = await tx.findOne(OrgUnit, { where: { id: input.unitId }, lock: { mode: 'pessimistic_write' } });
    if (!unit) refuse(ErrorCode.NOT_FOUND, M.notFound({ what: LABELS.unit }), ['input', 'unitId']);
    if (unit.dissolvedOn)
      refuse(ErrorCode.INVALID_STATE, M.dissolvedOn({ unit: unit.name, on: unit.dissolvedOn }), ['input', 'unitId']);
    if (unit.kind === OrgUnitKind.PARTY_GROUP)
      refuse(ErrorCode.BAD_USER_INPUT, M.postsNotOnGroups(), ['input', 'unitId']);
    const stationRole = STATION_ROLES.includes(input.role);
    if (stationRole !== (unit.kind === OrgUnitKind.WORK_STATION) && input.role !== PostRole.RESERVE_CADRE) {
      refuse(
        ErrorCode.BAD_USER_INPUT,
        stationRole
          ? M.stationPost({ role: enumLabel(PostRole, input.role) })
          : M.notAStationPost({ role: enumLabel(PostRole, input.role) }),
        ['input', 'role'],
      );
    }
    const holderName = input.holderName?.trim() || null;
    if (!!input.memberId === !!holderName)
      refuse(ErrorCode.BAD_USER_INPUT, M.oneHolder(), ['input', input.memberId ? 'holderName' : 'memberId']);
    if (input.memberId) {
      const member = await tx.findOne(Member, { where: { id: input.memberId } });
      if (!member) refuse(ErrorCode.NOT_FOUND, M.notFound({ what: LABELS.member }), ['input', 'memberId']);
      if (member.status === MemberStatus.DEPARTED)
        refuse(ErrorCode.INVALID_STATE, M.memberDeparted({ on: member.departedOn }), ['input', 'memberId']);
    }
    if (input.termStart > today)
      refuse(ErrorCode.BAD_USER_INPUT, M.inFuture({ field: LABELS.termStart }), ['input', 'termStart']);
    const years =
      input.role === PostRole.FIRST_SECRETARY
        ? this.policy.terms.firstSecretaryYears
        : TERM_ROLES.includes(input.role)
          ? termYears(this.policy, unit.kind, unit.sector)
          : null;
    const termEnd = input.termEnd === undefined ? (years ? plusYears(input.termStart, years) : null) : input.termEnd;
    if (termEnd && termEnd <= input.termStart)
      refuse(ErrorCode.BAD_USER_INPUT, M.mustFollow({ field: LABELS.termEnd, other: LABELS.termStart }), [
        'input',
        'termEnd',
      ]);
    if (SINGLE_ROLES.includes(input.role)) {
      const holder = await tx.findOne(Post, { where: { unitId: unit.id, role: input.role, endedOn: IsNull() } });
      if (holder)
        refuse(ErrorCode.CONFLICT, M.postHeld({ unit: unit.name, role: enumLabel(PostRole, input.role) }), [
          'input',
          'role',
        ]);
    }
    const result = await tx.insert(Post, {
      unitId: unit.id,
      memberId: input.memberId ?? null,
      holderName: input.memberId ? null : holderName,
      role: input.role,
      termStart: input.termStart,
      termEnd,
      endedOn: null,
      endReason: null,
    });
    return tx.findOneOrFail(Post, { where: { id: result.identifiers[0].id } });
  }

  async end(tx: EntityManager, id: number, endedOn: LocalDate, reason: string | null, today: LocalDate): Promise<Post> {
    const post = await tx.findOne(Post, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!post) refuse(ErrorCode.NOT_FOUND, M.notFound({ what: LABELS.post }), ['input', 'id']);
    if (post.endedOn) refuse(ErrorCode.INVALID_STATE, M.postEnded({ on: post.endedOn }), ['input', 'id']);
    if (endedOn > today) refuse(ErrorCode.BAD_USER_INPUT, M.inFuture({ field: LABELS.endedOn }), ['input', 'endedOn']);
    if (endedOn < post.termStart)
      refuse(ErrorCode.BAD_USER_INPUT, M.notBefore({ field: LABELS.endedOn, other: LABELS.termStart }), [
        'input',
        'endedOn',
      ]);
    await tx.update(Post, { id }, { endedOn, endReason: reason });
    return tx.findOneOrFail(Post, { where: { id } });
  }
}
