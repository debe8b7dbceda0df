/**
 * SQL that is true when a module is on for the unit aliased `alias` (nearest setting up the tree,
 * as ModuleEnablementService decides one unit at a time), for roll-ups that must count only the
 * units where the module runs. Enablement has no history: today's switch decides past periods too.
 */
export function moduleEnabledSql(alias: string, module: string): string {
  if (!/^[a-z][a-z0-9-]*$/.test(module) || !/^[a-z_][a-z0-9_]*$/.test(alias))
    throw new Error(`bad module or alias: ${module}, ${alias}`);
  return `(SELECT e.enabled FROM module_enablement e JOIN org_unit a ON a.id = e.unit_id
           WHERE e.module = '${module}' AND ${alias}.path >= a.path AND ${alias}.path < a.path || '~'
           ORDER BY a.depth DESC LIMIT 1) IS TRUE`;
}
