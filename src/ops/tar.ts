/**
 * The little of the tar format (POSIX ustar) a backup needs: regular files and directories, written
 * as a stream and read back strictly (every header's checksum, no path leaving the target). Written by
 * hand rather than with a package because a backup reads files PostgreSQL may shrink or grow while
 * they are read: a file is written with the size it had when it was opened, cut or padded with zeros
 * (as pg_basebackup does; the WAL in the backup repairs those pages when it is restored).
 */

const BLOCK = 512;

export interface TarEntry {
  name: string;
  type: 'file' | 'directory';
  mode: number;
  size: number;
  mtime: number;
}

const octal = (value: number, width: number) => `${value.toString(8).padStart(width - 1, '0')}\0`;

function splitName(name: string): { prefix: string; name: string } {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', name };
  for (let i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100) return { prefix, name: rest };
  }
  throw new Error(`path too long for a tar header: ${name}`);
}

/** The 512-byte header of an entry. */
export function tarHeader(e: TarEntry): Buffer {
  const h = Buffer.alloc(BLOCK);
  const { prefix, name } = splitName(e.type === 'directory' && !e.name.endsWith('/') ? `${e.name}/` : e.name);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(e.mode & 0o7777, 8), 100, 8, 'ascii');
  h.write(octal(0, 8), 108, 8, 'ascii');
  h.write(octal(0, 8), 116, 8, 'ascii');
  h.write(octal(e.type === 'file' ? e.size : 0, 12), 124, 12, 'ascii');
  h.write(octal(Math.max(0, Math.floor(e.mtime)), 12), 136, 12, 'ascii');
  h.write('        ', 148, 8, 'ascii');
  h.write(e.type === 'file' ? '0' : '5', 156, 1, 'ascii');
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return h;
}

/** Zeros that fill a file's last block. */
export const padding = (size: number): Buffer => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

/** Two zero blocks: the end of the archive. */
export const END_OF_ARCHIVE = Buffer.alloc(2 * BLOCK);

export class TarFormatError extends Error {}

/** Reads exactly the bytes asked for from a stream of chunks. */
class ByteReader {
  private buffered: Buffer[] = [];
  private length = 0;
  private done = false;

  constructor(private readonly source: AsyncIterator<Buffer>) {}

  private async fill(n: number): Promise<void> {
    while (this.length < n && !this.done) {
      const next = await this.source.next();
      if (next.done) this.done = true;
      else {
        this.buffered.push(next.value);
        this.length += next.value.length;
      }
    }
  }

  /** Up to n bytes (fewer only at the end of the stream). */
  async take(n: number): Promise<Buffer> {
    await this.fill(Math.min(n, 1) || 0);
    if (this.length === 0) return Buffer.alloc(0);
    const all = this.buffered.length === 1 ? this.buffered[0] : Buffer.concat(this.buffered);
    const out = all.subarray(0, Math.min(n, all.length));
    const rest = all.subarray(out.length);
    this.buffered = rest.length ? [rest] : [];
    this.length = rest.length;
    return out;
  }

  /** Exactly n bytes, or an error naming what was cut. */
  async exactly(n: number, what: string): Promise<Buffer> {
    await this.fill(n);
    if (this.length < n) throw new TarFormatError(`the archive ends inside ${what}`);
    return this.take(n);
  }
}

const field = (h: Buffer, at: number, width: number) =>
  h
    .subarray(at, at + width)
    .toString('utf8')
    .replace(/\0.*$/s, '');
const number = (h: Buffer, at: number, width: number, what: string) => {
  const text = field(h, at, width).trim();
  if (!/^[0-7]*$/.test(text)) throw new TarFormatError(`bad ${what} in a tar header`);
  return text ? parseInt(text, 8) : 0;
};

function parseHeader(h: Buffer): TarEntry {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
  if (number(h, 148, 8, 'checksum') !== sum) throw new TarFormatError('a tar header is damaged (checksum)');
  if (field(h, 257, 6) !== 'ustar') throw new TarFormatError('not a ustar archive');
  const prefix = field(h, 345, 155);
  const raw = prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100);
  const flag = String.fromCharCode(h[156]);
  if (flag !== '0' && flag !== '\0' && flag !== '5') throw new TarFormatError(`unexpected tar entry type "${flag}"`);
  const name = raw.replace(/\/$/, '');
  if (!name || name.startsWith('/') || name.split('/').some((p) => p === '..' || p === '.' || p === ''))
    throw new TarFormatError(`unsafe path in the archive: ${raw}`);
  return {
    name,
    type: flag === '5' ? 'directory' : 'file',
    mode: number(h, 100, 8, 'mode'),
    size: flag === '5' ? 0 : number(h, 124, 12, 'size'),
    mtime: number(h, 136, 12, 'mtime'),
  };
}

/**
 * Calls `onEntry` for each entry in order; a file's content comes as chunks through `body`, which the
 * handler must read to its end. Fails on a damaged header, a cut archive or a missing end marker.
 */
export async function readTar(
  chunks: AsyncIterable<Buffer>,
  onEntry: (entry: TarEntry, body: AsyncIterable<Buffer>) => Promise<void>,
): Promise<void> {
  const reader = new ByteReader(chunks[Symbol.asyncIterator]());
  for (;;) {
    const header = await reader.exactly(BLOCK, 'a header');
    if (header.every((b) => b === 0)) {
      await reader.exactly(BLOCK, 'the end marker');
      return;
    }
    const entry = parseHeader(header);
    let remaining = entry.size;
    let consumed = false;
    const body = (async function* () {
      consumed = true;
      while (remaining > 0) {
        const chunk = await reader.take(Math.min(remaining, 1 << 20));
        if (chunk.length === 0) throw new TarFormatError(`the archive ends inside ${entry.name}`);
        remaining -= chunk.length;
        yield chunk;
      }
    })();
    await onEntry(entry, body);
    if (!consumed || remaining > 0) for await (const _ of body) void _;
    await reader.exactly(padding(entry.size).length, entry.name);
  }
}
