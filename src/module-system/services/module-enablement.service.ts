import type { EntityManager } from 'typeorm';
import type { Context } from '../../context';
import { AppError, ErrorCode, refuse } from '../../graphql/errors';
import { OrgUnit } from '../../org/entities/org-unit.entity';
import { ancestorOrSelfIdsSql } from '../../org/services/org-lists';
import { ModuleEnablement } from '../entities/module-enablement.entity';
import type { ModuleRegistry } from '../registry';

/** The setting that decides a module for a unit: its own row or the nearest ancestor's. */
export interface EffectiveSetting {
  enabled: boolean;
  /** The unit whose row decides; null when no unit on the path has a row (then the module is off). */
  fromUnitId: number | null;
}

const OFF: EffectiveSetting = { enabled: false, fromUnitId: null };

export class ModuleEnablementService {
  constructor(private readonly registry: ModuleRegistry) {}

  /** Per module, the effective setting for a unit; batched across the request. */
  async settings(ctx: Context, unitId: number): Promise<Map<string, EffectiveSetting>> {
    const loader = ctx.loaders.get<number, Map<string, EffectiveSetting>>('moduleSettings', async (ids) => {
      // The ancestors-or-self of a unit are the ids in its path; the deepest row per module wins.
      const rows = await ctx.db.query(
        `SELECT DISTINCT ON (t.id, e.module) t.id AS unit_id, e.module, e.enabled, e.unit_id AS from_unit
         FROM org_unit t
         JOIN org_unit a ON a.id = ANY(${ancestorOrSelfIdsSql('t')})
         JOIN module_enablement e ON e.unit_id = a.id
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
      throw new AppError(ErrorCode.MODULE_DISABLED, `Module "${module}" is not enabled for this unit`, { module });
    }
  }

  /** Sets (true/false) or clears (null: inherit from above) a unit's own switch for a module. */
  async set(tx: EntityManager, unitId: number, module: string, enabled: boolean | null): Promise<OrgUnit> {
    if (!this.registry.has(module)) {
      refuse(
        ErrorCode.BAD_USER_INPUT,
        `no module "${module}" is installed (installed: ${this.registry.names.join(', ') || 'none'})`,
        ['input', 'module'],
      );
    }
    const unit = await tx.findOne(OrgUnit, { where: { id: unitId } });
    if (!unit) refuse(ErrorCode.NOT_FOUND, 'unit not found', ['input', 'unitId']);
    if (enabled === null) await tx.delete(ModuleEnablement, { unitId, module });
    else {
      await tx.query(
        `INSERT INTO module_enablement (unit_id, module, enabled) VALUES ($1, $2, $3)
         ON CONFLICT (unit_id, module) DO UPDATE SET enabled = EXCLUDED.enabled, updated_at = now()`,
        [unitId, module, enabled],
      );
    }
    return unit;
  }
}
