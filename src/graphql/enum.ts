import { registerEnumType } from 'type-graphql';

/** Registers a string enum whose every value carries a description (Chinese term, then English). */
export function describeEnum<E extends Record<string, string>>(
  values: E,
  name: string,
  description: string,
  valueDescriptions: { [K in keyof E]: string },
): void {
  registerEnumType(values, {
    name,
    description,
    valuesConfig: Object.fromEntries(Object.entries(valueDescriptions).map(([k, d]) => [k, { description: d }])) as {
      [K in keyof E]: { description: string };
    },
  });
}
