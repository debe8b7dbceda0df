import type { EntityManager } from 'typeorm';
import { type Act, ErrorCode, type OrgUnit, refuse, type SqlRunner } from '#module-kit';
import { ModelStar } from '../entities/model-star.entity';
import { SubjectType } from '../enums';
import { yearEndGradesSql } from './grading-sql';
import type { ModelStarRule, StarPolicy } from './policy';
import { STAR_MESSAGES as S } from '../messages';

/** A branch or committee measured against the model-star rule at year end. */
export interface ModelStarFigures {
  targetId: number;
  subjectId: number;
  subjectType: SubjectType;
  rated: boolean;
  grade: number | null;
  score: number;
  /** Its own grade is the fourth quarter's fixed grade (else its live grade on 31 December). */
  official: boolean;
  members: number;
  membersAtOrAbove: number;
  vetoedMembers: number;
  unqualifiedMembers: number;
  memberShare: number | null;
  /** Every condition of the rule with its figures, Chinese first. */
  reasons: string[];
  /** The conditions it does not meet (empty: the rule proposes it). */
  unmet: string[];
  position: number | null;
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** The rule, over one subject's figures: which conditions hold, in words. */
function judge(rule: ModelStarRule, unqualifiedAtOrBelow: number, f: Omit<ModelStarFigures, 'reasons' | 'unmet'>) {
  const star = f.subjectType === SubjectType.BRANCH ? '堡垒星' : '服务星';
  const conditions: [boolean, string][] = [
    [
      f.rated && f.grade !== null && f.grade >= rule.ownGradeAtLeast,
      f.rated
        ? `${star}${f.grade}星（要求${rule.ownGradeAtLeast}星以上） — own grade ${f.grade}★, at least ${rule.ownGradeAtLeast}★ (${f.official ? 'fixed at the fourth quarter' : 'live on 31 December'})`
        : `${star}未评定 — own grade: not rated (no score book)`,
    ],
    [
      f.members > 0 && f.membersAtOrAbove >= rule.memberShareAtLeast * f.members - 1e-9,
      `党员${rule.memberGradeAtLeast}星以上${f.membersAtOrAbove}/${f.members}名（要求${pct(rule.memberShareAtLeast)}以上） — members at ${rule.memberGradeAtLeast}★ or more: ${f.membersAtOrAbove} of ${f.members}${f.members ? ` (${pct(f.membersAtOrAbove / f.members)})` : ''}, at least ${pct(rule.memberShareAtLeast)}`,
    ],
  ];
  if (!rule.allowVetoedMembers)
    conditions.push([
      f.vetoedMembers === 0,
      f.vetoedMembers === 0
        ? '无否决党员 — no member vetoed'
        : `否决党员${f.vetoedMembers}名 — ${f.vetoedMembers} members vetoed`,
    ]);
  if (!rule.allowUnqualifiedMembers)
    conditions.push([
      f.unqualifiedMembers === 0,
      f.unqualifiedMembers === 0
        ? `无${unqualifiedAtOrBelow}星及以下党员 — no member at ${unqualifiedAtOrBelow}★ or below`
        : `${unqualifiedAtOrBelow}星及以下党员${f.unqualifiedMembers}名 — ${f.unqualifiedMembers} members at ${unqualifiedAtOrBelow}★ or below`,
    ]);
  return { reasons: conditions.map(([, text]) => text), unmet: conditions.filter(([ok]) => !ok).map(([, t]) => t) };
}

/**
 * 示范星: the branches or committees under each target unit measured against the policy rule at
 * year end (their own year-end grade, and their members' year-end grades: a branch's members, a
 * committee's members under it), in one statement, ranked: by own grade, then the share of members
 * at the rule's grade, then own score. Only where star rating is on.
 */
export async function loadModelStarFigures(
  db: SqlRunner,
  policy: StarPolicy,
  targets: readonly number[],
  type: SubjectType.BRANCH | SubjectType.COMMITTEE,
  year: number,
): Promise<ModelStarFigures[]> {
  const rule = policy.modelStar[type];
  const members = yearEndGradesSql(SubjectType.MEMBER, {
    targets: '(SELECT coalesce(array_agg(DISTINCT subject_id), ARRAY[]::int[]) FROM own)::int[]',
    year: '$2::int',
  });
  const rows = await db.query<{
    target_id: number;
    subject_id: number;
    rated: boolean;
    grade: number | null;
    score: number;
    official: boolean;
    members: number;
    at_or_above: number;
    vetoed_members: number;
    unqualified: number;
  }>(
    `WITH own AS (${yearEndGradesSql(type)}),
     mem AS (${members})
     SELECT own.target_id, own.subject_id, own.rated, own.grade, own.score, own.official,
            count(mem.subject_id)::int AS members,
            count(mem.subject_id) FILTER (WHERE mem.rated AND mem.grade >= $3::int)::int AS at_or_above,
            count(mem.subject_id) FILTER (WHERE mem.vetoed)::int AS vetoed_members,
            count(mem.subject_id) FILTER (WHERE mem.rated AND mem.grade <= $4::int)::int AS unqualified
     FROM own LEFT JOIN mem ON mem.target_id = own.subject_id
     GROUP BY own.target_id, own.subject_id, own.rated, own.grade, own.score, own.official`,
    [targets, year, rule.memberGradeAtLeast, policy.unqualifiedAtOrBelow],
  );
  const figures = rows.map((r) => {
    const base = {
      targetId: r.target_id,
      subjectId: r.subject_id,
      subjectType: type,
      rated: r.rated,
      grade: r.rated ? r.grade : null,
      score: r.score,
      official: r.official,
      members: r.members,
      membersAtOrAbove: r.at_or_above,
      vetoedMembers: r.vetoed_members,
      unqualifiedMembers: r.unqualified,
      memberShare: r.members === 0 ? null : Math.round((r.at_or_above / r.members) * 10000) / 10000,
      position: null as number | null,
    };
    return { ...base, ...judge(rule, policy.unqualifiedAtOrBelow, base) };
  });
  // Ranked per target among those the rule proposes: own grade, then members' share, then own score.
  const key = (f: ModelStarFigures) => [f.grade ?? -1, f.memberShare ?? -1, f.score];
  const better = (a: ModelStarFigures, b: ModelStarFigures) => {
    const [x, y] = [key(a), key(b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return y[i] - x[i];
    return a.subjectId - b.subjectId;
  };
  figures.sort((a, b) => a.targetId - b.targetId || better(a, b));
  for (const target of new Set(figures.map((f) => f.targetId))) {
    const proposed = figures.filter((f) => f.targetId === target && f.unmet.length === 0);
    proposed.forEach((f, i) => {
      const prev = proposed[i - 1];
      f.position = prev && key(prev).every((v, k) => v === key(f)[k]) ? prev.position : i + 1;
    });
  }
  return figures;
}

/** The county that confirms a subject's model star: the nearest county committee at or above it. */
export function countyOf(chain: OrgUnit[]): OrgUnit | null {
  return [...chain].reverse().find((u) => u.kind === 'COUNTY_COMMITTEE') ?? null;
}

/** Records the county's confirmation of a model star the rule proposes. */
export async function confirmModelStar(
  tx: EntityManager,
  policy: StarPolicy,
  subject: OrgUnit,
  type: SubjectType.BRANCH | SubjectType.COMMITTEE,
  county: OrgUnit,
  year: number,
  note: string,
  act: Act,
): Promise<ModelStar> {
  if (act.today <= `${year}-12-31`) refuse(ErrorCode.INVALID_STATE, S.yearNotOver({ year }), ['input', 'year']);
  if (!note.trim()) refuse(ErrorCode.BAD_USER_INPUT, S.countyReasons(), ['input', 'note']);
  if (await tx.exists(ModelStar, { where: { subjectId: subject.id, year } }))
    refuse(ErrorCode.CONFLICT, S.alreadyModelStar({ subject: subject.name, year }), ['input', 'subjectId']);
  const f = (await loadModelStarFigures(tx, policy, [subject.id], type, year)).find((x) => x.subjectId === subject.id);
  if (!f) refuse(ErrorCode.INVALID_STATE, S.notGraded({ subject: subject.name, year }), ['input', 'subjectId']);
  if (f.unmet.length)
    refuse(ErrorCode.INVALID_STATE, S.notProposed({ subject: subject.name, unmet: f.unmet.join('; ') }), [
      'input',
      'subjectId',
    ]);
  const result = await tx.insert(ModelStar, {
    subjectType: type,
    subjectId: subject.id,
    year,
    countyId: county.id,
    grade: f.grade!,
    score: f.score,
    members: f.members,
    membersAtOrAbove: f.membersAtOrAbove,
    vetoedMembers: f.vetoedMembers,
    unqualifiedMembers: f.unqualifiedMembers,
    reasons: f.reasons,
    note: note.trim(),
    confirmedOn: act.today,
    confirmedAt: act.at,
    confirmedBy: act.actorId,
  });
  return tx.findOneOrFail(ModelStar, { where: { id: result.identifiers[0].id } });
}
