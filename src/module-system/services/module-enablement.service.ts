import type { EntityManager } from 'typeorm';
import type { Context } from '../../context';
import { ErrorCode, refuse } from '../../graphql/errors';
import { OrgUnit } from '../../org/entities/org-unit.entity';
import { ancestorOrSelfIdsSql } from '../../org/services/org-lists';
import type { ModuleRegistry } from '../registry';
import type { FiguresEngine } from '../../figures/engine';
import type { LocalDate } from '../../graphql/scalars';
import { CORE_MESSAGES as M, LABELS } from '../../messages/core';
import { moduleDisabled } from '../gate';

/** One period of a unit's own switch for a module. */
export interface SwitchPeriod {
  enabled: boolean;
  /** First day of the setting; null for a setting made before switches kept their history. */
  validFrom: LocalDate | null;
  /** First day it no longer held; null while it holds. */
  validTo: LocalDate | null;
}

/** The setting that decides a module for a unit: its own row or the nearest ancestor's. */
export interface EffectiveSetting {
  enabled: boolean;
  /** The unit whose row decides; null when no unit on the path has a row (then the module is off). */
  fromUnitId: number | null;
}

const OFF: EffectiveSetting = { enabled: false, fromUnitId: null };

export class ModuleEnablementService {
  constructor(
    private readonly registry: ModuleRegistry,
    private readonly figures: FiguresEngine,
  ) {}

  /** Per module, the effective setting for a unit; batched across the request. */
  async settings(ctx: Context, unitId: number): Promise<Map<string, EffectiveSetting>> {
    const loader = ctx.loaders.get<number, Map<string, EffectiveSetting>>('moduleSettings', async (ids) => {
      // The ancestors-or-self of a unit are the ids in its path; the deepest row per module wins.
      const rows = await ctx.db.query(
        `SELECT DISTINCT ON (t.id, e.module) t.id AS unit_id, e.module, e.enabled, e.unit_id AS from_unit
         FROM org_unit t
         JOIN org_unit a ON a.id = ANY(${ancestorOrSelfIdsSql('t')})
         JOIN module_enablement e ON e.unit_id = a.id AND e.valid_to IS NULL
         WHERE t.id = ANY($1::int[])
         ORDER BY t.id, e.module, a.depth DESC`,
        [ids],
      );
      const byUnit = new Map<number, Map<string, EffectiveSetting>>(ids.map((id) => [id, new Map()]));
      for (const r of rows) byUnit.get(r.unit_id)!.set(r.module, { enabled: r.enabled, fromUnitId: r.from_unit });
      return ids.map((id) => byUnit.get(id)!);
    });
    return loader.load(unitId);
  }

  async setting(ctx: Context, unitId: number, module: string): Promise<EffectiveSetting> {
    return (await this.settings(ctx, unitId)).get(module) ?? OFF;
  }

  async isEnabled(ctx: Context, unitId: number, module: string): Promise<boolean> {
    return this.registry.has(module) && (await this.setting(ctx, unitId, module)).enabled;
  }

  /** For module resolvers whose unit comes from an argument rather than the parent object. */
  async assertEnabled(ctx: Context, unitId: number, module: string): Promise<void> {
    if (!(await this.isEnabled(ctx, unitId, module))) {
      throw await moduleDisabled(ctx, unitId, module);
    }
  }

  /** A unit's own settings of a module over time, newest first. */
  async history(ctx: Context, unitId: number, module: string): Promise<SwitchPeriod[]> {
    const loader = ctx.loaders.get<number, (SwitchPeriod & { module: string })[]>('moduleHistory', async (ids) => {
      const rows = await ctx.db.query(
        `SELECT unit_id, module, enabled,
                CASE WHEN valid_from = '-infinity' THEN NULL ELSE valid_from::text END AS valid_from,
                valid_to::text AS valid_to
         FROM module_enablement WHERE unit_id = ANY($1::int[]) ORDER BY unit_id, valid_from DESC`,
        [ids],
      );
      return ids.map((id) =>
        rows
          .filter((r: { unit_id: number }) => r.unit_id === id)
          .map((r: { module: string; enabled: boolean; valid_from: string | null; valid_to: string | null }) => ({
            module: r.module,
            enabled: r.enabled,
            validFrom: r.valid_from,
            validTo: r.valid_to,
          })),
      );
    });
    return (await loader.load(unitId))
      .filter((p) => p.module === module)
      .map(({ enabled, validFrom, validTo }) => ({ enabled, validFrom, validTo }));
  }

  /**
   * Sets (true/false) or clears (null: inherit from above) a unit's own switch for a module from a
   * day on. The setting it replaces is kept with its dates, so figures of earlier periods still
   * count by the switches of their time; a day inside a closed period is refused, and the module's
   * figures of the subtree are recounted from that day.
   */
  async set(
    tx: EntityManager,
    o: {
      unitId: number;
      module: string;
      enabled: boolean | null;
      effectiveOn: LocalDate;
      today: LocalDate;
      actorId: number | null;
    },
  ): Promise<OrgUnit> {
    const { unitId, module, enabled, effectiveOn } = o;
    if (!this.registry.has(module)) {
      refuse(
        ErrorCode.BAD_USER_INPUT,
        M.moduleNotInstalled({ module, installed: this.registry.names.join(', ') || '—' }),
        ['input', 'module'],
      );
    }
    if (effectiveOn > o.today)
      refuse(ErrorCode.BAD_USER_INPUT, M.inFuture({ field: LABELS.effectiveOn }), ['input', 'effectiveOn']);
    const unit = await tx.findOne(OrgUnit, { where: { id: unitId } });
    if (!unit) refuse(ErrorCode.NOT_FOUND, M.notFound({ what: LABELS.unit }), ['input', 'unitId']);
    // One writer per unit and module; the current row decides what "now" is.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('switch:' || $2), $1)`, [unitId, module]);
    const [current] = await tx.query(
      `SELECT id, enabled, CASE WHEN valid_from = '-infinity' THEN NULL ELSE valid_from::text END AS since
       FROM module_enablement WHERE unit_id = $1 AND module = $2 AND valid_to IS NULL`,
      [unitId, module],
    );
    const [{ latest }] = await tx.query(
      `SELECT max(GREATEST(valid_from, valid_to))::text AS latest FROM module_enablement
       WHERE unit_id = $1 AND module = $2 AND valid_from <> '-infinity'`,
      [unitId, module],
    );
    if (latest && effectiveOn < latest)
      refuse(ErrorCode.BAD_USER_INPUT, M.switchTooEarly({ since: latest }), ['input', 'effectiveOn']);
    if ((current?.enabled ?? null) === enabled) return unit;
    await this.figures.assertOpen(tx, {
      unitId,
      from: effectiveOn,
      modules: [module],
      today: o.today,
      field: ['input', 'effectiveOn'],
    });
    if (current && current.since === effectiveOn)
      await tx.query(`DELETE FROM module_enablement WHERE id = $1`, [current.id]);
    else if (current)
      await tx.query(`UPDATE module_enablement SET valid_to = $2 WHERE id = $1`, [current.id, effectiveOn]);
    if (enabled !== null) {
      await tx.query(
        `INSERT INTO module_enablement (unit_id, module, enabled, valid_from, set_by) VALUES ($1, $2, $3, $4, $5)`,
        [unitId, module, enabled, effectiveOn, o.actorId],
      );
    }
    const subtree: { id: number }[] = await tx.query(
      `SELECT id FROM org_unit WHERE path >= $1 AND path < $1 || '~'
       UNION SELECT parent_id FROM org_unit WHERE id = $2 AND parent_id IS NOT NULL`,
      [unit.path, unitId],
    );
    await this.figures.recount(
      tx,
      module,
      subtree.map((r) => r.id),
      effectiveOn,
    );
    return unit;
  }

  /**
   * Demo data's switches: the unit's own setting as if it had always held (no history, no
   * recount: the demo counts its figures once everything is loaded).
   */
  async setAlways(tx: EntityManager, unitId: number, module: string, enabled: boolean): Promise<void> {
    await tx.query(`DELETE FROM module_enablement WHERE unit_id = $1 AND module = $2`, [unitId, module]);
    await tx.query(
      `INSERT INTO module_enablement (unit_id, module, enabled, valid_from) VALUES ($1, $2, $3, '-infinity')`,
      [unitId, module, enabled],
    );
  }
}
