import type { Access } from '../auth/access';

/** Masks for personal data shown to viewers without the right to see it in full (`4507**********1234`). */
export function maskIdCard(id: string): string {
  return id.length <= 8 ? '*'.repeat(id.length) : `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('1')) return `${digits.slice(0, 3)}****${digits.slice(7)}`;
  return phone.length <= 4 ? '*'.repeat(phone.length) : `${'*'.repeat(phone.length - 4)}${phone.slice(-4)}`;
}

/** Mainland mobile (13812345678) or landline with area code (0777-2812345). */
export const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

/**
 * Birth dates for a viewer who sees a member's personal data masked: digits 7–14 of a citizen ID
 * number are the birth date, so with the masked number (first and last four digits) and the
 * county's public region code an exact birth date rebuilds the whole number. Such a viewer gets the
 * birth year and the age reached this year (this year minus the birth year), never the date, and
 * lists, filters, orders and figures treat those members by birth year only. `fullScope` is where
 * the viewer sees personal data in full (null: everywhere; see Access.personalDataScope).
 */
export interface BirthDateView {
  fullScope: string[] | null;
  ownMemberId: number | null;
}

/** The age a masked viewer reads: this year minus the birth year (it changes on 1 January for everyone). */
export const yearAge = (birthDate: string, today: string): number =>
  Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));

/**
 * SQL: true for the rows of `member` (alias) whose personal data the viewer sees in full; the
 * constants 'true' and 'false' when that holds for every row or for none. Parameters go to `params`.
 */
export function fullPersonalDataSql(view: BirthDateView, member: string, params: unknown[]): string {
  if (view.fullScope === null) return 'true';
  const own = view.ownMemberId === null ? null : (params.push(view.ownMemberId), `${member}.id = $${params.length}`);
  if (view.fullScope.length === 0) return own ?? 'false';
  params.push(view.fullScope);
  const p = `$${params.length}`;
  const inScope = `EXISTS (SELECT 1 FROM org_unit pb, unnest(${p}::text[]) AS s(path) WHERE pb.id = ${member}.branch_id AND pb.path >= s.path COLLATE "C" AND pb.path < s.path || '~' COLLATE "C")`;
  return own ? `(${own} OR ${inScope})` : inScope;
}

/** SQL: the member's birth date where the viewer sees it, else 1 January of the birth year. */
export function birthDateSql(full: string, member: string): string {
  if (full === 'true') return `${member}.birth_date`;
  const year = `date_trunc('year', ${member}.birth_date)::date`;
  return full === 'false' ? year : `(CASE WHEN ${full} THEN ${member}.birth_date ELSE ${year} END)`;
}

/** The viewer's view of birth dates (where it sees them in full). */
export const birthDateView = (ctx: { access: Access }): BirthDateView => ({
  fullScope: ctx.access.personalDataScope(),
  ownMemberId: ctx.access.viewer?.memberId ?? null,
});
