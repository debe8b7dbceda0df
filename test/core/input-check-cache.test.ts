import { buildSchema, parse, type GraphQLResolveInfo, type OperationDefinitionNode } from 'graphql';
import { argumentSites, argumentValidator } from '../../src/graphql/input-check';
import { argsKey } from '../../src/graphql/loaders';

/** What the input checks keep per process (src/graphql/input-check.ts), and what they never skip. */
const schema = buildSchema(`
  input Filter { search: String, maxAge: Int }
  type Query { units(first: Int, filter: Filter): Int, unit(code: String): Int }
`);

class PageArgs {
  first?: number;
}
class OtherArgs {
  first?: number;
}

const infoFor = (variables: object) =>
  ({
    variableValues: variables,
    fieldNodes: [{}],
    parentType: schema.getQueryType()!,
    fieldName: 'units',
    schema,
  }) as unknown as GraphQLResolveInfo;

test('an argument value once found valid is not validated again; another class, value or wrong one is', async () => {
  const seen: string[] = [];
  const validate = argumentValidator(async (value, path) => {
    seen.push(`${(value as object).constructor.name}:${argsKey(value)}`);
    return (value as { first?: number }).first === 0
      ? [{ field: path, code: 'BAD_USER_INPUT', entry: { key: 'x', params: {} } } as never]
      : [];
  });
  const page = (first: number, Class: new () => { first?: number } = PageArgs) => Object.assign(new Class(), { first });
  // Each request has its own variables object; the knowledge outlives it.
  await validate(page(20), PageArgs, { info: infoFor({}) });
  await validate(page(20), PageArgs, { info: infoFor({}) });
  await validate(page(20), OtherArgs, { info: infoFor({}) });
  await validate(page(21), PageArgs, { info: infoFor({}) });
  await expect(validate(page(0), PageArgs, { info: infoFor({}) })).rejects.toThrow();
  await expect(validate(page(0), PageArgs, { info: infoFor({}) })).rejects.toThrow();
  expect(seen).toEqual([
    'PageArgs:{"first":20}',
    'PageArgs:{"first":20}',
    'PageArgs:{"first":21}',
    'PageArgs:{"first":0}',
    'PageArgs:{"first":0}',
  ]);
});

test('dates are told apart in argument keys', () => {
  expect(argsKey({ on: new Date(0) })).not.toBe(argsKey({ on: new Date(86_400_000) }));
});

test("an operation's arguments are found once per parsed operation, fragments included", () => {
  const document = parse(
    `query($f: Filter) { units(first: 5, filter: $f) ...U } fragment U on Query { unit(code: "A") }`,
  );
  const operation = document.definitions[0] as OperationDefinitionNode;
  const sites = argumentSites(schema, document, operation, 100);
  expect(sites.map((s) => s.name)).toEqual(['first', 'filter', 'code']);
  expect(argumentSites(schema, document, operation, 100)).toBe(sites);
  // Another bound is another answer.
  expect(argumentSites(schema, document, operation, 50)).not.toBe(sites);
});
