import { registerEnumType } from 'type-graphql';

/**
 * The message catalogue (docs/ARCHITECTURE.md, "Errors"): every message a person may read is an entry
 * here, with a specific `reason` (the GraphQL enum `ErrorReason`) and a Chinese and an English template.
 * Errors carry a `Message` (entry + parameters), never text: the text is rendered per request, when
 * `userErrors` and `errors` are formatted, in the language the request asked for (Chinese by default).
 * The core's entries are in src/messages/core.ts; a module registers its own under its own name
 * (`defineReasons` / `defineMessages` from `#module-kit`).
 */

export type Language = 'zh' | 'en';

/** A word or phrase in both languages: a field's label, a unit kind, a module's name. */
export interface Localized {
  readonly zh: string;
  readonly en: string;
}

export const localized = (zh: string, en: string): Localized => ({ zh, en });

export type MessageParam =
  string | number | Localized | Message | readonly (string | number | Localized | Message)[] | null;

/** One entry of the catalogue, filled in: rendered when the answer is formatted. */
export interface Message {
  readonly key: string;
  readonly reason: string;
  readonly params: Readonly<Record<string, MessageParam>>;
}

export interface MessageEntry {
  /** A value of `ErrorReason` (defineReasons). */
  reason: string;
  /** Templates: `{name}` is replaced by the parameter `name`. */
  zh: string;
  en: string;
}

export type MessageFactory = ((params?: Record<string, MessageParam>) => Message) & {
  readonly key: string;
  readonly reason: string;
};

const entries = new Map<string, MessageEntry & { owner: string }>();
/** The values of the GraphQL enum `ErrorReason`, filled by defineReasons before the schema is built. */
const reasonValues: Record<string, string> = {};
/** The enum object registered with type-graphql, for `@Field(() => ErrorReasonType)`. */
export const ErrorReasonType: object = reasonValues;
const reasonConfig: Record<string, { description: string }> = {};
const reasonOwners = new Map<string, string>();

registerEnumType(reasonValues, {
  name: 'ErrorReason',
  description:
    '错误原因 — the specific reason of an error, beside its code (`UserError.reason`, `extensions.reason`): a front end maps it to its own text',
  valuesConfig: reasonConfig,
});

/**
 * Declares reasons (values of `ErrorReason`), each with a description in Chinese first
 * ("必填 — a value is required"). Names are global: a module prefixes nothing but must not take a
 * name another owner declared.
 */
export function defineReasons<K extends string>(owner: string, reasons: Record<K, string>): { readonly [P in K]: P } {
  for (const [name, description] of Object.entries<string>(reasons)) {
    const taken = reasonOwners.get(name);
    if (taken && taken !== owner) throw new Error(`ErrorReason ${name} is declared by ${taken} and by ${owner}`);
    reasonOwners.set(name, owner);
    reasonValues[name] = name;
    reasonConfig[name] = { description };
  }
  return Object.fromEntries(Object.keys(reasons).map((k) => [k, k])) as { readonly [P in K]: P };
}

/** Registers an owner's entries (keys become `owner.name`); returns a factory per entry. */
export function defineMessages<K extends string>(
  owner: string,
  defs: Record<K, MessageEntry>,
): { readonly [P in K]: MessageFactory } {
  const out: Record<string, MessageFactory> = {};
  for (const [name, entry] of Object.entries<MessageEntry>(defs)) {
    const key = `${owner}.${name}`;
    if (entries.has(key)) throw new Error(`message ${key} is defined twice`);
    if (!reasonOwners.has(entry.reason)) throw new Error(`message ${key}: no ErrorReason ${entry.reason} is declared`);
    entries.set(key, { ...entry, owner });
    const make = (params: Record<string, MessageParam> = {}): Message => ({ key, reason: entry.reason, params });
    out[name] = Object.assign(make, { key, reason: entry.reason });
  }
  return out as { readonly [P in K]: MessageFactory };
}

const isLocalized = (v: unknown): v is Localized =>
  typeof v === 'object' && v !== null && 'zh' in v && 'en' in v && !('key' in v);
const isMessage = (v: unknown): v is Message => typeof v === 'object' && v !== null && 'key' in v && 'params' in v;

function renderParam(value: MessageParam | undefined, language: Language): string {
  if (value === null || value === undefined) return language === 'zh' ? '（无）' : '(none)';
  if (Array.isArray(value))
    return value.map((v) => renderParam(v as MessageParam, language)).join(language === 'zh' ? '、' : ', ');
  if (isMessage(value)) return renderMessage(value, language);
  if (isLocalized(value)) return value[language];
  return String(value);
}

/** The text of a message in a language. */
export function renderMessage(message: Message, language: Language): string {
  const entry = entries.get(message.key);
  if (!entry) throw new Error(`no message ${message.key} in the catalogue`);
  return entry[language].replace(/\{(\w+)\}/g, (_, name: string) => renderParam(message.params[name], language));
}

/** Every entry, for the catalogue's own tests and the documentation. */
export function catalogueEntries(): ReadonlyMap<string, MessageEntry & { owner: string }> {
  return entries;
}

/** Every declared reason with its owner. */
export function errorReasons(): ReadonlyMap<string, string> {
  return reasonOwners;
}

/**
 * The language of a request from its `Accept-Language` header (RFC 9110, q-values respected):
 * English when an English tag ranks above every Chinese one; Chinese otherwise, and by default.
 */
export function languageOf(acceptLanguage: string | undefined | null): Language {
  if (!acceptLanguage) return 'zh';
  const ranked = acceptLanguage
    .split(',')
    .map((part, i) => {
      const [tag, ...attrs] = part.trim().split(';');
      const q = attrs.map((a) => /^\s*q\s*=\s*([\d.]+)\s*$/i.exec(a)).find(Boolean);
      const weight = q ? Number(q[1]) : 1;
      return { tag: tag.trim().toLowerCase(), q: Number.isFinite(weight) ? weight : 0, i };
    })
    .filter((r) => r.q > 0 && r.tag)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    const primary = tag.split('-')[0];
    if (primary === 'zh') return 'zh';
    if (primary === 'en') return 'en';
  }
  return 'zh';
}
