/** Opaque global ids: base64url of "Type:key". Clients must not parse them. */
export function toGlobalId(type: string, key: number | string): string {
  return Buffer.from(`${type}:${key}`, 'utf8').toString('base64url');
}

export function fromGlobalId(id: string): { type: string; key: string } | null {
  if (typeof id !== 'string' || id.length === 0 || id.length > 200 || !/^[A-Za-z0-9_-]+$/.test(id)) return null;
  const decoded = Buffer.from(id, 'base64url').toString('utf8');
  const sep = decoded.indexOf(':');
  if (sep <= 0 || sep === decoded.length - 1) return null;
  return { type: decoded.slice(0, sep), key: decoded.slice(sep + 1) };
}

/** Decodes a global id of an expected type with an integer key; null when it is anything else. */
export function decodeIntId(id: string, type: string): number | null {
  const parsed = fromGlobalId(id);
  if (!parsed || parsed.type !== type || !/^[1-9][0-9]{0,9}$/.test(parsed.key)) return null;
  const n = Number(parsed.key);
  return n <= 2147483647 ? n : null;
}
