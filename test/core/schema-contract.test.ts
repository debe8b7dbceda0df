import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  type GraphQLSchema,
} from 'graphql';
import { loadModules } from '../../src/module-system/loader';
import { ModuleRegistry } from '../../src/module-system/registry';
import { buildAppSchema, CORE, printAppSchema } from '../../src/schema';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildAppSchema(ModuleRegistry.create(loadModules(undefined), CORE));
});

/** Analysts read the documentation in the IDE: everything is described, Chinese term first. */
test('every type, field, argument and enum value is described: Chinese term, then English', () => {
  const missing: string[] = [];
  const check = (where: string, description: string | null | undefined) => {
    if (!description?.trim()) missing.push(`${where}: no description`);
    else if (!/^[^—]*[\u4e00-\u9fff][^—]* — \S/.test(description))
      missing.push(`${where}: "${description.slice(0, 30)}" is not "中文术语 — English"`);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (
      type.name.startsWith('__') ||
      (isScalarType(type) && ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name))
    )
      continue;
    if (!['Query', 'Mutation'].includes(type.name)) check(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
        for (const arg of 'args' in field ? field.args : [])
          check(`${type.name}.${field.name}(${arg.name})`, arg.description);
      }
    }
    if (isEnumType(type)) for (const v of type.getValues()) check(`${type.name}.${v.name}`, v.description);
  }
  expect(missing).toEqual([]);
});

test('schema/schema.graphql is the printed schema (run `npm run schema` after changing the API)', () => {
  const committed = readFileSync(path.join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8');
  expect(printAppSchema(schema)).toBe(committed);
});
