import { registerEnumType } from 'type-graphql';
import type { Localized } from '../messages/catalogue';

const labels = new WeakMap<object, Record<string, string>>();

/** An enum value's label for messages: its Chinese term (the description before " — "), and the value in English. */
export function enumLabel(values: object, value: string): Localized {
  const zh = labels.get(values)?.[value]?.split(' — ')[0];
  return { zh: zh || value, en: value };
}

/** Registers a string enum whose every value carries a description (Chinese term, then English). */
export function describeEnum<E extends Record<string, string>>(
  values: E,
  name: string,
  description: string,
  valueDescriptions: { [K in keyof E]: string },
): void {
  labels.set(values, valueDescriptions as Record<string, string>);
  registerEnumType(values, {
    name,
    description,
    valuesConfig: Object.fromEntries(Object.entries(valueDescriptions).map(([k, d]) => [k, { description: d }])) as {
      [K in keyof E]: { description: string };
    },
  });
}
