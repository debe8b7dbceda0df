import type { EntityManager } from 'typeorm';
import { ErrorCode, refuse } from '../../graphql/errors';
import type { LocalDate } from '../../graphql/scalars';
import { OrgUnit } from '../entities/org-unit.entity';
import { OrgUnitPlacement, PlacementChange } from '../entities/org-unit-placement.entity';
import { OrgUnitKind, Sector } from '../enums';
import { placementProblem, subtreeEnd } from '../tree-rules';
import type { FiguresEngine } from '../../figures/engine';
import { CORE_MESSAGES as M, LABELS } from '../../messages/core';

/**
 * How a tree write treats closed periods: a request is refused when it would change one; the demo's
 * history is loaded as it happened (`history`), and its figures are counted once it is all in.
 */
export interface TreeWriteMode {
  history?: boolean;
}

export interface NewOrgUnit {
  code: string;
  name: string;
  shortName?: string | null;
  kind: OrgUnitKind;
  sector?: Sector | null;
  parentId: number | null;
  establishedOn?: LocalDate | null;
  contactPhone?: string | null;
  address?: string | null;
}

export type OrgUnitChanges = Partial<
  Pick<NewOrgUnit, 'code' | 'name' | 'shortName' | 'sector' | 'establishedOn' | 'contactPhone' | 'address'>
>;

const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Writes to the organisation tree. Every method runs inside the caller's transaction. */
export class OrgUnitService {
  constructor(private readonly figures: FiguresEngine) {}

  /**
   * A tree change dated `from` changes who owed what in every period since: refused when one of those
   * periods is closed for one of `units` (each as a unit whose place the figures know), else every
   * module's figures of `affected` are recounted from that day.
   */
  private async changeFigures(
    tx: EntityManager,
    o: { check: number[]; affected: number[]; from: LocalDate; today: LocalDate; field: string[] } & TreeWriteMode,
  ): Promise<void> {
    if (!o.history) {
      for (const unitId of o.check)
        await this.figures.assertOpen(tx, { unitId, from: o.from, today: o.today, field: o.field });
    }
    await this.figures.recountTree(tx, o.affected, o.from);
  }

  async create(tx: EntityManager, input: NewOrgUnit, today: LocalDate): Promise<OrgUnit> {
    if (!CODE.test(input.code)) refuse(ErrorCode.BAD_USER_INPUT, M.codeShape(), ['input', 'code']);
    if (input.establishedOn && input.establishedOn > today)
      refuse(ErrorCode.BAD_USER_INPUT, M.inFuture({ field: LABELS.establishedOn }), ['input', 'establishedOn']);
    let parent: OrgUnit | null = null;
    if (input.parentId !== null) {
      parent = await tx.findOne(OrgUnit, { where: { id: input.parentId } });
      if (!parent) refuse(ErrorCode.NOT_FOUND, M.notFound({ what: LABELS.parent }), ['input', 'parentId']);
      if (parent.dissolvedOn)
        refuse(ErrorCode.INVALID_STATE, M.dissolvedNothingUnder({ unit: parent.name, on: parent.dissolvedOn }), [
          'input',
          'parentId',
        ]);
    }
    const problem = placementProblem(input.kind, parent?.kind ?? null);
    if (problem) refuse(ErrorCode.BAD_USER_INPUT, problem, ['input', input.parentId === null ? 'kind' : 'parentId']);
    if (await tx.exists(OrgUnit, { where: { code: input.code } }))
      refuse(ErrorCode.CONFLICT, M.codeTaken({ code: input.code }), ['input', 'code']);

    // The path holds the unit's own id, so take the id first and write the row once.
    const [{ id }] = await tx.query(`SELECT nextval(pg_get_serial_sequence('org_unit', 'id'))::int AS id`);
    const path = `${parent?.path ?? '/'}${id}/`;
    // A party group works in its branch's sector.
    const sector = input.sector ?? (input.kind === OrgUnitKind.PARTY_GROUP ? (parent?.sector ?? null) : null);
    await tx.query(
      `INSERT INTO org_unit (id, code, name, short_name, kind, sector, parent_id, path, depth, established_on, contact_phone, address)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        id,
        input.code,
        input.name.trim(),
        input.shortName ?? null,
        input.kind,
        sector,
        parent?.id ?? null,
        path,
        parent ? parent.depth + 1 : 0,
        input.establishedOn ?? null,
        input.contactPhone ?? null,
        input.address ?? null,
      ],
    );
    // A unit founded long ago but entered today takes its place in the tree from the first day that
    // no module has closed: periods already closed did not count it, and must not start to.
    const founded = input.establishedOn ?? today;
    const open = this.figures.openForAll(today);
    const placedFrom = open && open > founded ? (open > today ? today : open) : founded;
    await tx.insert(OrgUnitPlacement, {
      unitId: id,
      parentId: parent?.id ?? null,
      path,
      validFrom: placedFrom,
      validTo: null,
      change: PlacementChange.CREATED,
    });
    if (parent) await this.figures.recountTree(tx, [id, parent.id], placedFrom);
    return tx.findOneOrFail(OrgUnit, { where: { id } });
  }

  async update(
    tx: EntityManager,
    id: number,
    expectedVersion: number | undefined,
    changes: OrgUnitChanges,
    today: LocalDate,
  ): Promise<OrgUnit> {
    const unit = await this.lock(tx, id);
    if (expectedVersion !== undefined && expectedVersion !== unit.version) {
      refuse(ErrorCode.CONFLICT, M.staleVersion({ what: unit.name, version: unit.version, sent: expectedVersion }), [
        'input',
        'version',
      ]);
    }
    if (changes.code !== undefined && changes.code !== unit.code) {
      if (!CODE.test(changes.code)) refuse(ErrorCode.BAD_USER_INPUT, M.codeShape(), ['input', 'code']);
      if (await tx.exists(OrgUnit, { where: { code: changes.code } }))
        refuse(ErrorCode.CONFLICT, M.codeTaken({ code: changes.code }), ['input', 'code']);
    }
    if (changes.establishedOn && changes.establishedOn > today)
      refuse(ErrorCode.BAD_USER_INPUT, M.inFuture({ field: LABELS.establishedOn }), ['input', 'establishedOn']);
    const patch = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    await tx.update(OrgUnit, { id }, { ...patch, version: unit.version + 1, updatedAt: () => 'now()' });
    // A unit's founding day (or a sector, which decides who reports) changes what it owed since then,
    // as far as the tree held it then: a founding day moved inside the time before its first place is no change.
    const founded = changes.establishedOn !== undefined && changes.establishedOn !== unit.establishedOn;
    const [{ placed }] = await tx.query(
      `SELECT min(valid_from)::text AS placed FROM org_unit_placement WHERE unit_id = $1`,
      [id],
    );
    const days = [changes.establishedOn ?? today, unit.establishedOn ?? placed].sort();
    const reaches = founded && days[1] > placed;
    // A sector has no history: it decides who owed reports in every period the unit was in the tree.
    const resectored = changes.sector !== undefined && changes.sector !== unit.sector;
    if (reaches || resectored) {
      const from = resectored ? placed : days[0] > placed ? days[0] : placed;
      await this.changeFigures(tx, {
        check: [id],
        affected: unit.parentId ? [id, unit.parentId] : [id],
        from,
        today,
        field: ['input', resectored ? 'sector' : 'establishedOn'],
      });
    }
    return tx.findOneOrFail(OrgUnit, { where: { id } });
  }

  /**
   * Moves a unit and its subtree under a new parent, effective on a day: paths are rewritten in one
   * statement and every unit of the subtree gets a new placement period, so the tree as it was on any
   * earlier day stays answerable.
   */
  async move(
    tx: EntityManager,
    id: number,
    newParentId: number,
    effectiveOn: LocalDate,
    today: LocalDate,
    mode: TreeWriteMode = {},
  ): Promise<OrgUnit> {
    if (effectiveOn > today)
      refuse(ErrorCode.BAD_USER_INPUT, M.inFuture({ field: LABELS.effectiveOn }), ['input', 'effectiveOn']);
    const unit = await this.lock(tx, id);
    if (unit.dissolvedOn)
      refuse(ErrorCode.INVALID_STATE, M.dissolvedNoMove({ unit: unit.name, on: unit.dissolvedOn }), ['input', 'id']);
    const parent = await tx.findOne(OrgUnit, { where: { id: newParentId }, lock: { mode: 'pessimistic_read' } });
    if (!parent) refuse(ErrorCode.NOT_FOUND, M.notFound({ what: LABELS.newParent }), ['input', 'newParentId']);
    if (parent.path.startsWith(unit.path))
      refuse(ErrorCode.BAD_USER_INPUT, M.underItself({ parent: parent.name, unit: unit.name }), [
        'input',
        'newParentId',
      ]);
    if (parent.dissolvedOn)
      refuse(ErrorCode.INVALID_STATE, M.dissolvedOn({ unit: parent.name, on: parent.dissolvedOn }), [
        'input',
        'newParentId',
      ]);
    if (parent.id === unit.parentId)
      refuse(ErrorCode.BAD_USER_INPUT, M.alreadyUnder({ unit: unit.name, parent: parent.name }), [
        'input',
        'newParentId',
      ]);
    const problem = placementProblem(unit.kind, parent.kind);
    if (problem) refuse(ErrorCode.BAD_USER_INPUT, problem, ['input', 'newParentId']);

    const oldPath = unit.path;
    const [{ latest }] = await tx.query(
      `SELECT max(p.valid_from)::text AS latest FROM org_unit_placement p JOIN org_unit u ON u.id = p.unit_id
       WHERE u.path >= $1 AND u.path < $2 AND p.valid_to IS NULL`,
      [oldPath, subtreeEnd(oldPath)],
    );
    if (latest && effectiveOn < latest) {
      refuse(ErrorCode.BAD_USER_INPUT, M.tooEarlyAfterChange({ field: LABELS.effectiveOn, since: latest }), [
        'input',
        'effectiveOn',
      ]);
    }
    const newPath = `${parent.path}${unit.id}/`;
    await tx.query(
      `UPDATE org_unit SET path = $3 || substr(path, length($1) + 1), depth = depth + $4,
         parent_id = CASE WHEN id = $5 THEN $6 ELSE parent_id END,
         version = version + CASE WHEN id = $5 THEN 1 ELSE 0 END, updated_at = now()
       WHERE path >= $1 AND path < $2`,
      [oldPath, subtreeEnd(oldPath), newPath, parent.depth + 1 - unit.depth, unit.id, parent.id],
    );
    // A second move on the same day replaces that day's placement rather than adding an empty period.
    await tx.query(
      `UPDATE org_unit_placement p SET path = u.path, parent_id = u.parent_id
       FROM org_unit u WHERE p.unit_id = u.id AND p.valid_to IS NULL AND p.valid_from = $3 AND u.path >= $1 AND u.path < $2`,
      [newPath, subtreeEnd(newPath), effectiveOn],
    );
    await tx.query(
      `WITH closed AS (
         UPDATE org_unit_placement p SET valid_to = $3
         FROM org_unit u WHERE p.unit_id = u.id AND p.valid_to IS NULL AND p.valid_from < $3 AND u.path >= $1 AND u.path < $2
         RETURNING p.unit_id)
       INSERT INTO org_unit_placement (unit_id, parent_id, path, valid_from, change)
       SELECT u.id, u.parent_id, u.path, $3, CASE WHEN u.id = $4 THEN 'MOVED' ELSE 'ANCESTOR_MOVED' END
       FROM org_unit u JOIN closed c ON c.unit_id = u.id`,
      [newPath, subtreeEnd(newPath), effectiveOn, unit.id],
    );
    const moved: { id: number }[] = await tx.query(`SELECT id FROM org_unit WHERE path >= $1 AND path < $2`, [
      newPath,
      subtreeEnd(newPath),
    ]);
    await this.changeFigures(tx, {
      ...mode,
      check: [unit.id, parent.id],
      affected: [...moved.map((u) => u.id), parent.id, ...(unit.parentId ? [unit.parentId] : [])],
      from: effectiveOn,
      today,
      field: ['input', 'effectiveOn'],
    });
    return tx.findOneOrFail(OrgUnit, { where: { id } });
  }

  /** Dissolves an empty unit: its posts end that day; the record stays. */
  async dissolve(
    tx: EntityManager,
    id: number,
    dissolvedOn: LocalDate,
    today: LocalDate,
    mode: TreeWriteMode = {},
  ): Promise<OrgUnit> {
    if (dissolvedOn > today)
      refuse(ErrorCode.BAD_USER_INPUT, M.inFuture({ field: LABELS.dissolvedOn }), ['input', 'dissolvedOn']);
    const unit = await this.lock(tx, id);
    if (unit.dissolvedOn)
      refuse(ErrorCode.INVALID_STATE, M.alreadyDissolved({ unit: unit.name, on: unit.dissolvedOn }), ['input', 'id']);
    if (unit.establishedOn && dissolvedOn < unit.establishedOn)
      refuse(ErrorCode.BAD_USER_INPUT, M.notBefore({ field: LABELS.dissolvedOn, other: LABELS.establishedOn }), [
        'input',
        'dissolvedOn',
      ]);
    const [{ units, members }] = await tx.query(
      `SELECT (SELECT count(*)::int FROM org_unit WHERE parent_id = $1 AND dissolved_on IS NULL) AS units,
              (SELECT count(*)::int FROM member WHERE (branch_id = $1 OR party_group_id = $1) AND status <> 'DEPARTED') AS members`,
      [id],
    );
    if (units > 0 || members > 0) {
      refuse(ErrorCode.INVALID_STATE, M.stillHasChildren({ unit: unit.name, units, members }), ['input', 'id']);
    }
    const [{ since }] = await tx.query(
      `SELECT valid_from::text AS since FROM org_unit_placement WHERE unit_id = $1 AND valid_to IS NULL`,
      [id],
    );
    if (since && dissolvedOn <= since)
      refuse(ErrorCode.BAD_USER_INPUT, M.mustFollowChange({ field: LABELS.dissolvedOn, since }), [
        'input',
        'dissolvedOn',
      ]);
    await tx.query(`UPDATE org_unit SET dissolved_on = $2, version = version + 1, updated_at = now() WHERE id = $1`, [
      id,
      dissolvedOn,
    ]);
    await tx.query(`UPDATE org_unit_placement SET valid_to = $2 WHERE unit_id = $1 AND valid_to IS NULL`, [
      id,
      dissolvedOn,
    ]);
    await tx.query(
      `UPDATE post SET ended_on = GREATEST($2::date, term_start), end_reason = '组织撤销 unit dissolved' WHERE unit_id = $1 AND ended_on IS NULL`,
      [id, dissolvedOn],
    );
    await this.changeFigures(tx, {
      ...mode,
      check: [id],
      affected: unit.parentId ? [id, unit.parentId] : [id],
      from: dissolvedOn,
      today,
      field: ['input', 'dissolvedOn'],
    });
    return tx.findOneOrFail(OrgUnit, { where: { id } });
  }

  private async lock(tx: EntityManager, id: number): Promise<OrgUnit> {
    const unit = await tx.findOne(OrgUnit, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!unit) refuse(ErrorCode.NOT_FOUND, M.notFound({ what: LABELS.unit }), ['input', 'id']);
    return unit;
  }
}
