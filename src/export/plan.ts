import {
  getNamedType,
  getNullableType,
  isAbstractType,
  isEnumType,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLEnumType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Localized } from '../messages/catalogue';

/**
 * What a query's answer becomes in a spreadsheet (README, "Export to spreadsheets"), read from the
 * document and the schema, not from the answer, so columns and headers stand even for an empty list.
 *
 * - Every list of objects outside another list is a sheet: a connection's `nodes` or `edges`, or a
 *   plain list field. Its rows are the list's items; objects inside an item become columns
 *   (`branch.name`, headed 所在支部·名称); a list inside an item becomes one column: its values joined
 *   with "、" when they are scalars or enum values, its length when they are objects.
 * - Scalars outside every list (a unit's name, its memberStats) make one more sheet of one row, the
 *   figures.
 * - Headers are the Chinese term of each field's description (before " — "), or the response key in
 *   English; enum values are shown by the Chinese term of their description.
 */

/** How a column's values are written. */
export type ColumnKind =
  'text' | 'number' | 'share' | 'date' | 'datetime' | 'boolean' | 'enum' | 'json' | 'join' | 'count';

export interface Column {
  /** Response keys from the row (or, for the figures, from the root) to the value. */
  path: string[];
  label: Localized;
  kind: ColumnKind;
  /** An enum column's type, or the item type of a joined list of enum values. */
  enumType?: GraphQLEnumType;
  /** A joined list: how each of its values is written. */
  itemKind?: ColumnKind;
}

export interface ListPlan {
  /** Response keys from the root to the list (…, `nodes`). */
  path: string[];
  /** The list's name: the connection field's label for `nodes`/`edges`. */
  label: Localized;
  columns: Column[];
  /** The list is a connection's `edges`: a row is an edge, its node's fields without the `node.` prefix. */
  edges: boolean;
  /** A forward connection the export pages through with `after` (null: the list is taken as answered). */
  paging: { fieldNodes: FieldNode[]; hasTotal: boolean } | null;
}

export interface ExportPlan {
  lists: ListPlan[];
  /** Scalars outside every list (one row). */
  figures: Column[];
}

interface Collected {
  key: string;
  nodes: FieldNode[];
  field: GraphQLField<unknown, unknown>;
}

const zhTerm = (description: string | null | undefined) => description?.split(' — ')[0]?.trim() ?? '';

function fieldLabel(c: Collected): Localized {
  return { zh: zhTerm(c.field.description) || c.key, en: c.key };
}

const join = (a: Localized | null, b: Localized): Localized =>
  a ? { zh: `${a.zh}·${b.zh}`, en: `${a.en}.${b.en}` } : b;

/** The fields a set of selection sets asks of a type, by response key, through fragments, in document order. */
function collect(
  sets: readonly SelectionSetNode[],
  type: GraphQLCompositeType,
  fragments: Record<string, FragmentDefinitionNode>,
  schema: GraphQLSchema,
): Collected[] {
  const found = new Map<string, Collected>();
  const visitSet = (set: SelectionSetNode, on: GraphQLCompositeType, seen: Set<string>) => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const name = sel.name.value;
        if (name.startsWith('__') || !('getFields' in on)) continue;
        const field = on.getFields()[name];
        if (!field) continue;
        const key = sel.alias?.value ?? name;
        const entry = found.get(key);
        if (entry) entry.nodes.push(sel);
        else found.set(key, { key, nodes: [sel], field: field as GraphQLField<unknown, unknown> });
      } else {
        const fragment = sel.kind === Kind.INLINE_FRAGMENT ? sel : fragments[sel.name.value];
        if (!fragment || (sel.kind === Kind.FRAGMENT_SPREAD && seen.has(sel.name.value))) continue;
        const condition = fragment.typeCondition
          ? (schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType | undefined)
          : on;
        const next = sel.kind === Kind.FRAGMENT_SPREAD ? new Set([...seen, sel.name.value]) : seen;
        if (condition) visitSet(fragment.selectionSet, condition, next);
      }
    }
  };
  for (const set of sets) visitSet(set, type, new Set());
  return [...found.values()];
}

const subSets = (c: Collected) => c.nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));

/** Float fields that are fractions 0–1: named …Share/…Rate/…Coverage, or a Chinese term ending in 率, 占比 or 比例. */
function isShare(c: Collected): boolean {
  return /(^|[a-z])(share|rate|coverage)$/i.test(c.field.name) || /(率|占比|比例)$/.test(zhTerm(c.field.description));
}

function leafKind(type: GraphQLNamedType, c: Collected): Pick<Column, 'kind' | 'enumType'> {
  if (isEnumType(type)) return { kind: 'enum', enumType: type };
  switch (type.name) {
    case 'Int':
      return { kind: 'number' };
    case 'Float':
      return { kind: isShare(c) ? 'share' : 'number' };
    case 'Boolean':
      return { kind: 'boolean' };
    case 'Date':
      return { kind: 'date' };
    case 'DateTime':
      return { kind: 'datetime' };
    case 'JSON':
    case 'JSONObject':
      return { kind: 'json' };
    default:
      return { kind: 'text' };
  }
}

const isList = (c: Collected) => isListType(getNullableType(c.field.type));
const isConnection = (type: GraphQLNamedType): type is GraphQLObjectType =>
  isObjectType(type) && 'pageInfo' in type.getFields() && ('nodes' in type.getFields() || 'edges' in type.getFields());

/** The columns of a row of `type`. */
function rowColumns(
  sets: readonly SelectionSetNode[],
  type: GraphQLCompositeType,
  prefix: string[],
  label: Localized | null,
  fragments: Record<string, FragmentDefinitionNode>,
  schema: GraphQLSchema,
  edge: boolean,
): Column[] {
  const columns: Column[] = [];
  for (const c of collect(sets, type, fragments, schema)) {
    const named = getNamedType(c.field.type);
    const path = [...prefix, c.key];
    // In an edge, the node's fields are the row's: no "node." in their headers.
    const own = edge && c.field.name === 'node' ? label : join(label, fieldLabel(c));
    if (isLeafType(named)) {
      const kind = leafKind(named, c);
      columns.push(
        isList(c)
          ? { path, label: own!, kind: 'join', itemKind: kind.kind, enumType: kind.enumType }
          : { path, label: own!, ...kind },
      );
    } else if (isList(c)) {
      columns.push({ path, label: { zh: `${own!.zh}（个数）`, en: `${own!.en} (count)` }, kind: 'count' });
    } else {
      columns.push(...rowColumns(subSets(c), named as GraphQLCompositeType, path, own, fragments, schema, false));
    }
  }
  return columns;
}

/** Every list and figure a query's answer holds, in document order. */
export function planExport(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): ExportPlan {
  const fragments = Object.fromEntries(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const plan: ExportPlan = { lists: [], figures: [] };
  const walk = (
    sets: readonly SelectionSetNode[],
    type: GraphQLCompositeType,
    path: string[],
    label: Localized | null,
    connection: Collected | null,
  ) => {
    for (const c of collect(sets, type, fragments, schema)) {
      const named = getNamedType(c.field.type);
      const here = [...path, c.key];
      const own = join(label, fieldLabel(c));
      if (isLeafType(named)) {
        const kind = leafKind(named, c);
        plan.figures.push(
          isList(c)
            ? { path: here, label: own, kind: 'join', itemKind: kind.kind, enumType: kind.enumType }
            : { path: here, label: own, ...kind },
        );
      } else if (isList(c)) {
        const item = named as GraphQLCompositeType;
        const inConnection = connection !== null && (c.field.name === 'nodes' || c.field.name === 'edges');
        const edges = inConnection && c.field.name === 'edges';
        const forward =
          inConnection &&
          connection.field.args.some((a) => a.name === 'after') &&
          connection.nodes.every(
            (n) => !n.arguments?.some((a) => a.name.value === 'last' || a.name.value === 'before'),
          );
        plan.lists.push({
          path: here,
          label: inConnection ? fieldLabel(connection) : fieldLabel(c),
          columns: rowColumns(subSets(c), item, [], null, fragments, schema, edges),
          edges,
          paging: forward
            ? {
                fieldNodes: connection.nodes,
                hasTotal: 'totalCount' in (getNamedType(connection.field.type) as GraphQLObjectType).getFields(),
              }
            : null,
        });
      } else if (isAbstractType(named) || isObjectType(named)) {
        walk(subSets(c), named, here, own, isConnection(named) ? c : null);
      }
    }
  };
  const root = schema.getRootType(operation.operation);
  if (root) walk([operation.selectionSet], root, [], null, null);
  return plan;
}

/** The list `rows` names (`orgUnit.members` or `orgUnit.members.nodes`), or the first one. */
export function chooseList(plan: ExportPlan, rows: string | undefined): ListPlan | null | undefined {
  if (!rows) return plan.lists[0] ?? null;
  return plan.lists.find((l) => l.path.join('.') === rows || l.path.slice(0, -1).join('.') === rows);
}

/** Response keys the export adds to the paged connection, removed from nothing (columns come from the plan). */
export const PAGE_KEY = 'jicengExportPage';
export const TOTAL_KEY = 'jicengExportTotal';
const AFTER_VARIABLE = 'jicengExportAfter';

/**
 * The document with the paged connection's `after` bound to a variable, and its page info (and, for
 * the first page, its total: counting costs a pass over the whole list) asked for under keys of ours.
 * Returns the variable that carries the cursor and its first value.
 */
export function pagedDocument(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  list: ListPlan,
  variables: Record<string, unknown>,
  withTotal: boolean,
): { document: DocumentNode; variable: string; first: unknown } {
  const paging = list.paging!;
  const targets = new Set<FieldNode>(paging.fieldNodes);
  const given = paging.fieldNodes[0].arguments?.find((a) => a.name.value === 'after')?.value;
  const variable = given?.kind === Kind.VARIABLE ? given.name.value : AFTER_VARIABLE;
  const first =
    given?.kind === Kind.VARIABLE ? variables[variable] : given?.kind === Kind.STRING ? given.value : undefined;
  const extra = (alias: string, name: string, fields: string[] = []) => ({
    kind: Kind.FIELD as const,
    alias: { kind: Kind.NAME as const, value: alias },
    name: { kind: Kind.NAME as const, value: name },
    ...(fields.length
      ? {
          selectionSet: {
            kind: Kind.SELECTION_SET as const,
            selections: fields.map((f) => ({
              kind: Kind.FIELD as const,
              name: { kind: Kind.NAME as const, value: f },
            })),
          },
        }
      : {}),
  });
  const rewritten = visit(document, {
    OperationDefinition(node) {
      if (node !== operation || variable !== AFTER_VARIABLE) return undefined;
      return {
        ...node,
        variableDefinitions: [
          ...(node.variableDefinitions ?? []),
          {
            kind: Kind.VARIABLE_DEFINITION,
            variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: AFTER_VARIABLE } },
            type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'String' } },
          },
        ],
      };
    },
    Field(node) {
      if (!targets.has(node)) return undefined;
      return {
        ...node,
        arguments: [
          ...(node.arguments ?? []).filter((a) => a.name.value !== 'after'),
          {
            kind: Kind.ARGUMENT,
            name: { kind: Kind.NAME, value: 'after' },
            value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: variable } },
          },
        ],
        selectionSet: {
          kind: Kind.SELECTION_SET,
          selections: [
            ...(node.selectionSet?.selections ?? []),
            extra(PAGE_KEY, 'pageInfo', ['endCursor', 'hasNextPage']),
            ...(paging.hasTotal && withTotal ? [extra(TOTAL_KEY, 'totalCount')] : []),
          ],
        },
      };
    },
  });
  return { document: rewritten, variable, first };
}

/** The value at a path of response keys (null when any step is null). */
export function valueAt(data: unknown, path: readonly string[]): unknown {
  let v = data;
  for (const key of path) {
    if (v === null || v === undefined || typeof v !== 'object') return null;
    v = (v as Record<string, unknown>)[key];
  }
  return v ?? null;
}
