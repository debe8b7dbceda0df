/**
 * A GraphQL answer as tables: every list in it (a connection's `nodes`, or a plain list) becomes a
 * table whose rows are its items, with nested single objects flattened into columns, and every
 * object outside a list becomes a table of one row. Column names are the Chinese part of each field's
 * description in the schema ("党员总数 — current members" → 党员总数); enum values are shown by theirs.
 */
import {
  getNamedType,
  isCompositeType,
  isEnumType,
  isInterfaceType,
  isObjectType,
  Kind,
  parse,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

export type ColumnKind = 'text' | 'number' | 'share' | 'enum' | 'date' | 'bool';

export interface Column {
  key: string;
  /** Chinese name, from the schema's description; the field's name when it has none. */
  label: string;
  /** The path of field names, shown as a tooltip. */
  path: string;
  kind: ColumnKind;
  /** Enum value → its Chinese name. */
  enumLabels?: Record<string, string>;
}

export type Row = Record<string, unknown>;

export interface Table {
  /** The path of the list in the answer, e.g. `orgUnit.children.nodes`. */
  id: string;
  label: string;
  columns: Column[];
  rows: Row[];
}

/** The Chinese part of a description ("党员总数 — current members" → "党员总数"), or null. */
export function chineseOf(description: string | null | undefined): string | null {
  if (!description) return null;
  const head = description.trim().split('\n')[0].split(' — ')[0].trim();
  return /[\u3400-\u9fff]/.test(head) ? head : null;
}

/** Column holding the context: the name of the item above a nested list's items. */
export const CONTEXT_KEY = '__context';
const CONTEXT_LABEL = '所属';

/** Fractions 0–1 by name (shares, rates, coverage): shown as percentages. */
const SHARE = /(^share|Share$|Rate$|^share$|Coverage$)/;

interface Selected {
  field: GraphQLField<unknown, unknown>;
  sets: SelectionSetNode[];
}

type Fragments = Record<string, FragmentDefinitionNode>;

function collect(
  schema: GraphQLSchema,
  type: GraphQLNamedType | null | undefined,
  set: SelectionSetNode,
  fragments: Fragments,
  out: Map<string, Selected>,
): void {
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) {
      const fields = type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields() : null;
      const field = fields?.[s.name.value];
      if (!field) continue;
      const key = s.alias?.value ?? s.name.value;
      const entry = out.get(key) ?? { field, sets: [] };
      if (s.selectionSet) entry.sets.push(s.selectionSet);
      out.set(key, entry);
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      collect(
        schema,
        s.typeCondition ? schema.getType(s.typeCondition.name.value) : type,
        s.selectionSet,
        fragments,
        out,
      );
    } else {
      const f = fragments[s.name.value];
      if (f) collect(schema, schema.getType(f.typeCondition.name.value), f.selectionSet, fragments, out);
    }
  }
}

function selectedOf(
  schema: GraphQLSchema,
  fieldType: GraphQLNamedType,
  sets: SelectionSetNode[],
  fragments: Fragments,
) {
  const out = new Map<string, Selected>();
  for (const set of sets) collect(schema, fieldType, set, fragments, out);
  return out;
}

function kindOf(field: GraphQLField<unknown, unknown>): Pick<Column, 'kind' | 'enumLabels'> {
  const type = getNamedType(field.type);
  if (isEnumType(type)) {
    const enumLabels: Record<string, string> = {};
    for (const v of type.getValues()) enumLabels[v.name] = chineseOf(v.description) ?? v.name;
    return { kind: 'enum', enumLabels };
  }
  switch (type.name) {
    case 'Int':
      return { kind: 'number' };
    case 'Float':
      return { kind: SHARE.test(field.name) ? 'share' : 'number' };
    case 'Boolean':
      return { kind: 'bool' };
    case 'Date':
    case 'DateTime':
      return { kind: 'date' };
    default:
      return { kind: 'text' };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Builder {
  table: Table;
  columns: Map<string, Column & { parentLabel: string | null }>;
}

/** Every table in an answer, in the order their lists first appear. */
export function tablesOf(schema: GraphQLSchema, query: string, data: unknown): Table[] {
  let doc: DocumentNode;
  try {
    doc = parse(query);
  } catch {
    return [];
  }
  const fragments: Fragments = {};
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const operation = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root || !isObject(data)) return [];

  const builders = new Map<string, Builder>();
  const builderFor = (id: string, label: string) => {
    let b = builders.get(id);
    if (!b) {
      b = { table: { id, label, columns: [], rows: [] }, columns: new Map() };
      builders.set(id, b);
    }
    return b;
  };

  /** Flattens an object's scalars and single nested objects into `row`; lists inside are walked as tables of their own. */
  const flatten = (
    b: Builder,
    row: Row,
    obj: Record<string, unknown>,
    selected: Map<string, Selected>,
    prefix: string,
    parentLabel: string | null,
    path: string[],
    labels: string[],
    context: string | null,
  ) => {
    for (const [key, { field, sets }] of selected) {
      if (!(key in obj)) continue;
      const value = obj[key];
      const type = getNamedType(field.type);
      const label = chineseOf(field.description) ?? field.name;
      if (isCompositeType(type)) {
        const inner = selectedOf(schema, type, sets, fragments);
        if (Array.isArray(value)) walk(value, inner, [...path, key], [...labels, label], context);
        else if (isObject(value))
          flatten(b, row, value, inner, `${prefix}${key}.`, label, [...path, key], [...labels, label], context);
        continue;
      }
      if (type.name === 'ID') continue; // opaque ids say nothing to a person
      const colKey = `${prefix}${key}`;
      // A name or title inside an object says whose it is (支部·名称), not only 名称.
      const named =
        parentLabel && (field.name === 'name' || field.name === 'title') ? `${parentLabel}·${label}` : label;
      if (!b.columns.has(colKey))
        b.columns.set(colKey, {
          key: colKey,
          label: named,
          path: [...path, key].join('.'),
          parentLabel,
          ...kindOf(field),
        });
      row[colKey] = value;
    }
  };

  /** A list of objects: each item a row of the list's table. */
  const walk = (
    items: unknown[],
    selected: Map<string, Selected>,
    path: string[],
    labels: string[],
    context: string | null,
  ) => {
    const id = path.join('.');
    const shown = labels.filter((l, i) => !['nodes', 'edges'].includes(path[i]));
    const b = builderFor(id, shown.slice(-2).join(' › ') || id);
    for (const item of items) {
      if (!isObject(item)) continue;
      const row: Row = {};
      if (context !== null) row[CONTEXT_KEY] = context;
      const name = typeof item.name === 'string' ? item.name : context;
      flatten(b, row, item, selected, '', null, path, labels, name);
      b.table.rows.push(row);
    }
  };

  // The root's fields: lists become tables; single objects a table of one row each.
  const top = selectedOf(schema, root, [operation.selectionSet], fragments);
  for (const [key, { field, sets }] of top) {
    const value = data[key];
    const type = getNamedType(field.type);
    if (!isCompositeType(type)) continue;
    const inner = selectedOf(schema, type, sets, fragments);
    const label = chineseOf(field.description) ?? field.name;
    if (Array.isArray(value)) walk(value, inner, [key], [label], null);
    else if (isObject(value)) {
      const b = builderFor(key, label);
      const row: Row = {};
      flatten(b, row, value, inner, '', null, [key], [label], typeof value.name === 'string' ? value.name : null);
      b.table.rows.push(row);
    }
  }

  const tables: Table[] = [];
  for (const b of builders.values()) {
    const cols = [...b.columns.values()];
    // A name used twice in one table (两个 "按时"): prefix the object it belongs to.
    const counts = new Map<string, number>();
    for (const c of cols) counts.set(c.label, (counts.get(c.label) ?? 0) + 1);
    const columns: Column[] = cols.map(({ parentLabel, ...c }) => ({
      ...c,
      label:
        (counts.get(c.label) ?? 0) > 1 && parentLabel && !c.label.startsWith(`${parentLabel}·`)
          ? `${parentLabel}·${c.label}`
          : c.label,
    }));
    // The name of the item above, when the rows come from more than one.
    if (new Set(b.table.rows.map((r) => r[CONTEXT_KEY]).filter((c) => c !== undefined)).size > 1)
      columns.unshift({ key: CONTEXT_KEY, label: CONTEXT_LABEL, path: '(上一级的名称)', kind: 'text' });
    if (columns.length) tables.push({ ...b.table, columns });
  }
  return tables;
}

/** A cell as a person reads it: shares as percentages, enums and yes/no in Chinese. */
export function formatCell(column: Column, value: unknown): string {
  if (value === null || value === undefined) return '—';
  switch (column.kind) {
    case 'share':
      return typeof value === 'number' ? `${(value * 100).toFixed(1)}%` : String(value);
    case 'number':
      return typeof value === 'number'
        ? value.toLocaleString('zh-CN', { maximumFractionDigits: Number.isInteger(value) ? 0 : 1 })
        : String(value);
    case 'enum':
      return Array.isArray(value)
        ? value.map((v) => column.enumLabels?.[v] ?? String(v)).join('、')
        : (column.enumLabels?.[String(value)] ?? String(value));
    case 'bool':
      return value ? '是' : '否';
    default:
      return Array.isArray(value) ? value.join('、') : String(value);
  }
}

/** Sorts rows by a column: numbers by value, text by Chinese collation; empty cells last. */
export function sortRows(rows: Row[], column: Column, direction: 'asc' | 'desc'): Row[] {
  const sign = direction === 'asc' ? 1 : -1;
  const collator = new Intl.Collator('zh-CN');
  return [...rows].sort((a, b) => {
    const x = a[column.key];
    const y = b[column.key];
    if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1;
    if (y === null || y === undefined) return -1;
    if (typeof x === 'number' && typeof y === 'number') return sign * (x - y);
    return sign * collator.compare(formatCell(column, x), formatCell(column, y));
  });
}

export interface ChartPlan {
  kind: 'line' | 'bars';
  /** The x axis (line) or the bar labels: a date column, or a name. */
  by: Column[];
  /** Numeric columns that can be drawn. */
  values: Column[];
}

/**
 * What a table can be drawn as: a figure by week or month (a date column) as a line, a figure by
 * unit or by kind (a name or an enum) as bars; null when it has no figure or only one row.
 */
export function chartPlanOf(table: Table): ChartPlan | null {
  const values = table.columns.filter((c) => c.kind === 'number' || c.kind === 'share');
  if (!values.length || table.rows.length < 2) return null;
  const date = table.columns.find((c) => c.kind === 'date');
  if (date) return { kind: 'line', by: [date], values };
  const names = table.columns.filter((c) => c.kind === 'text' || c.kind === 'enum');
  if (!names.length) {
    // A figure by a number (subjects by star grade): the first whole-number column whose values differ.
    const key = values.find(
      (c) => c.kind === 'number' && new Set(table.rows.map((r) => r[c.key])).size === table.rows.length,
    );
    const rest = values.filter((c) => c !== key);
    return key && rest.length ? { kind: 'bars', by: [key], values: rest } : null;
  }
  // A name alone may repeat across parents (two villages called 新村): the context comes with it.
  const context = names.find((c) => c.key === CONTEXT_KEY);
  const own = names.find((c) => c.key !== CONTEXT_KEY);
  return { kind: 'bars', by: [own, context].filter((c): c is Column => !!c), values };
}
