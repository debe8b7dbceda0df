// The schema searched by name and description (the Find pane, src/ide/client/find.tsx).
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

/** An entry of the Docs pane's stack (as @graphiql/plugin-doc-explorer takes it). */
export interface DocItem {
  name: string;
  def: GraphQLNamedType | GraphQLField<unknown, unknown> | GraphQLInputField | GraphQLArgument;
}

export interface Hit {
  /** Where it is: `OrgUnit.reportingRate`, `OrgUnit.reportingRate(from)`, `MobileStatus.LOST`. */
  where: string;
  description: string;
  /** The Docs pane's stack: the type, then the field. */
  stack: DocItem[];
}

/** Every named thing of the schema with its description, built once per schema. */
export function indexOf(schema: GraphQLSchema): Hit[] {
  const hits: Hit[] = [];
  for (const type of Object.values(schema.getTypeMap()) as GraphQLNamedType[]) {
    if (type.name.startsWith('__')) continue;
    const typeItem = { name: type.name, def: type };
    hits.push({ where: type.name, description: type.description ?? '', stack: [typeItem] });
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        const fieldItem = { name: field.name, def: field };
        hits.push({
          where: `${type.name}.${field.name}`,
          description: field.description ?? '',
          stack: [typeItem, fieldItem],
        });
        for (const arg of 'args' in field ? field.args : [])
          hits.push({
            where: `${type.name}.${field.name}(${arg.name})`,
            description: arg.description ?? '',
            stack: [typeItem, fieldItem],
          });
      }
    }
    if (isEnumType(type))
      for (const value of type.getValues())
        hits.push({ where: `${type.name}.${value.name}`, description: value.description ?? '', stack: [typeItem] });
  }
  return hits;
}

/**
 * The hits for a search: every word must occur in the name or the description (case-insensitive);
 * names first, then fields over types, shorter paths first.
 */
export function find(index: Hit[], text: string, limit = 100): Hit[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  const scored = index
    .filter((h) => words.every((w) => h.where.toLowerCase().includes(w) || h.description.toLowerCase().includes(w)))
    .map((h) => {
      const inName = words.every((w) => h.where.toLowerCase().includes(w));
      const title = h.description.split(' — ')[0].toLowerCase();
      const inTitle = words.every((w) => title.includes(w));
      // 销号 is the title of IssueStats.closed: that comes before 销号时间.
      const rank = inName ? 0 : title === words.join(' ') ? 1 : inTitle ? 2 : 3;
      return { h, score: rank * 1000 + h.where.length };
    });
  return scored
    .sort((a, b) => a.score - b.score)
    .slice(0, limit)
    .map((s) => s.h);
}
