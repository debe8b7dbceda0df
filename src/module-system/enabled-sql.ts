/**
 * SQL that is true when a module is on for the unit aliased `alias` (nearest setting up the tree,
 * as ModuleEnablementService decides one unit at a time), for roll-ups that count only the units
 * where the module runs. With `day` (an SQL date expression) the switches as they were that day
 * decide, along `alias.path`: give it a placement valid that day (`org_unit_placement`), and the
 * tree and the switches are both as they were. Without, today's switches and path decide.
 */
export function moduleEnabledSql(alias: string, module: string, day?: string): string {
  if (!/^[a-z][a-z0-9-]*$/.test(module) || !/^[a-z_][a-z0-9_]*$/.test(alias))
    throw new Error(`bad module or alias: ${module}, ${alias}`);
  const valid = day
    ? `e.valid_from <= (${day}) AND (e.valid_to IS NULL OR e.valid_to > (${day}))`
    : 'e.valid_to IS NULL';
  return `(SELECT e.enabled FROM module_enablement e
           JOIN unnest(string_to_array(trim(both '/' from ${alias}.path), '/')::int[]) WITH ORDINALITY AS a(id, depth)
             ON e.unit_id = a.id
           WHERE e.module = '${module}' AND ${valid}
           ORDER BY a.depth DESC LIMIT 1) IS TRUE`;
}
