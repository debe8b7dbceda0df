import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { chmod, mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { END_OF_ARCHIVE, padding, readTar, tarHeader, TarFormatError } from './tar';

/**
 * A backup file: one gzip-compressed tar whose entries are the backed-up files under `data/`, then
 * `manifest.json` (last, since it carries every file's size and SHA-256). Restoring reads the whole
 * file into a new directory and checks it against the manifest before anything else is touched.
 */
export const FORMAT = 'jiceng-backup';
export const FORMAT_VERSION = 1;
export const MANIFEST = 'manifest.json';
const DATA = 'data/';

export interface Manifest {
  format: typeof FORMAT;
  formatVersion: number;
  /** `cluster`: the embedded PostgreSQL's data directory with its WAL; `dump`: pg_dump -Fc of DATABASE_URL. */
  kind: 'cluster' | 'dump';
  postgres: { version: string; major: number };
  /** The newest applied migration when the backup began. */
  migration: string | null;
  createdAt: string;
  /** What the kind adds: the WAL positions of a cluster backup. */
  details: Record<string, string>;
  files: number;
  bytes: number;
  checksums: Record<string, { size: number; sha256: string }>;
}

export type Source =
  | { name: string; type: 'directory'; mode: number; mtime: number }
  | {
      name: string;
      type: 'file';
      mode: number;
      mtime: number;
      /** The file's size now and its bytes; null when it vanished before it was opened (skipped). */
      open(): Promise<{ size: number; chunks: AsyncIterable<Buffer> } | null>;
    };

/**
 * Writes the sources and then the manifest into `file`, through a temporary file renamed into place
 * once complete and flushed: an interrupted backup never leaves a file that looks whole.
 */
export async function writeArchive(
  file: string,
  sources: AsyncIterable<Source>,
  describe: () => Promise<Omit<Manifest, 'files' | 'bytes' | 'checksums' | 'format' | 'formatVersion'>>,
): Promise<Manifest> {
  const temporary = `${file}.partial`;
  const checksums: Manifest['checksums'] = {};
  let manifest: Manifest | undefined;
  async function* tar(): AsyncGenerator<Buffer> {
    for await (const s of sources) {
      if (s.type === 'directory') {
        yield tarHeader({ name: DATA + s.name, type: 'directory', mode: s.mode, size: 0, mtime: s.mtime });
        continue;
      }
      const opened = await s.open();
      if (!opened) continue;
      const { size } = opened;
      yield tarHeader({ name: DATA + s.name, type: 'file', mode: s.mode, size, mtime: s.mtime });
      const hash = createHash('sha256');
      let written = 0;
      for await (const chunk of opened.chunks) {
        const part = chunk.subarray(0, size - written);
        if (part.length === 0) break;
        hash.update(part);
        written += part.length;
        yield part;
      }
      // Shrunk while read: zeros up to the size in the header (the WAL in the backup rewrites those pages).
      if (written < size) {
        const zeros = Buffer.alloc(size - written);
        hash.update(zeros);
        yield zeros;
      }
      yield padding(size);
      checksums[s.name] = { size, sha256: hash.digest('hex') };
    }
    const base = await describe();
    const files = Object.keys(checksums).length;
    const bytes = Object.values(checksums).reduce((n, c) => n + c.size, 0);
    manifest = { format: FORMAT, formatVersion: FORMAT_VERSION, ...base, files, bytes, checksums };
    const text = Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`);
    yield tarHeader({
      name: MANIFEST,
      type: 'file',
      mode: 0o644,
      size: text.length,
      mtime: Date.parse(base.createdAt) / 1000,
    });
    yield text;
    yield padding(text.length);
    yield END_OF_ARCHIVE;
  }
  try {
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await pipeline(tar, createGzip({ level: 6 }), createWriteStream(temporary, { mode: 0o600 }));
    const handle = await open(temporary, 'r');
    await handle.sync();
    await handle.close();
    await rename(temporary, file);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
  return manifest!;
}

export class BackupFileError extends Error {}

/**
 * Reads the whole file through gunzip before anything is unpacked: gzip ends with the CRC-32 and
 * length of what it holds, so a cut or damaged file is refused here whatever its bytes would have
 * unpacked to (a damaged byte can turn the rest into tar headers naming anything).
 */
async function checkCompressedStream(file: string): Promise<void> {
  try {
    await pipeline(createReadStream(file), createGunzip(), async (chunks: AsyncIterable<Buffer>) => {
      for await (const chunk of chunks) void chunk;
    });
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (code.startsWith('Z_')) throw new BackupFileError(err instanceof Error ? err.message : String(err));
    throw err;
  }
}

/**
 * Unpacks the files of a backup into `target` (a new directory) and checks every one against the
 * manifest: a damaged, cut or altered file is refused here, with `target` removed.
 */
export async function unpackArchive(file: string, target: string): Promise<Manifest> {
  if (!existsSync(file)) throw new BackupFileError(`no such file: ${file}`);
  await checkCompressedStream(file);
  await rm(target, { recursive: true, force: true });
  await mkdir(target, { recursive: true, mode: 0o700 });
  const seen = new Map<string, { size: number; sha256: string }>();
  let manifestText: string | null = null;
  try {
    await pipeline(createReadStream(file), createGunzip(), async (chunks: AsyncIterable<Buffer>) => {
      await readTar(chunks, async (entry, body) => {
        if (entry.name === MANIFEST) {
          const parts: Buffer[] = [];
          for await (const c of body) parts.push(c);
          manifestText = Buffer.concat(parts).toString('utf8');
          return;
        }
        if (manifestText !== null) throw new BackupFileError('entries after the manifest');
        if (!entry.name.startsWith(DATA)) throw new BackupFileError(`unexpected entry ${entry.name}`);
        // Only below the target: never an absolute name or one that climbs out of it.
        const relative = entry.name.slice(DATA.length);
        if (path.isAbsolute(relative) || relative.split('/').includes('..'))
          throw new BackupFileError(`unexpected entry ${entry.name}`);
        const to = path.join(target, relative);
        if (entry.type === 'directory') {
          await mkdir(to, { recursive: true, mode: 0o700 });
          await chmod(to, entry.mode & 0o777);
          return;
        }
        await mkdir(path.dirname(to), { recursive: true, mode: 0o700 });
        const hash = createHash('sha256');
        const out = await open(to, 'wx', entry.mode & 0o777);
        let size = 0;
        try {
          for await (const chunk of body) {
            hash.update(chunk);
            size += chunk.length;
            await out.write(chunk);
          }
        } finally {
          await out.close();
        }
        seen.set(entry.name.slice(DATA.length), { size, sha256: hash.digest('hex') });
      });
    });
    if (manifestText === null) throw new BackupFileError('the file has no manifest (cut short?)');
    let manifest: Manifest;
    try {
      manifest = JSON.parse(manifestText) as Manifest;
    } catch {
      throw new BackupFileError('the manifest is not valid JSON');
    }
    if (manifest.format !== FORMAT || manifest.formatVersion !== FORMAT_VERSION)
      throw new BackupFileError(`not a ${FORMAT} file of version ${FORMAT_VERSION}`);
    const listed = Object.entries(manifest.checksums ?? {});
    for (const [name, want] of listed) {
      const got = seen.get(name);
      if (!got) throw new BackupFileError(`${name} is listed in the manifest but missing`);
      if (got.size !== want.size || got.sha256 !== want.sha256)
        throw new BackupFileError(`${name} does not match its checksum`);
    }
    if (seen.size !== listed.length) throw new BackupFileError('the file holds entries the manifest does not list');
    return manifest;
  } catch (err) {
    await rm(target, { recursive: true, force: true });
    if (err instanceof BackupFileError) throw err;
    // zlib's codes: a cut or damaged gzip stream.
    const code = (err as { code?: string }).code ?? '';
    if (err instanceof TarFormatError || code.startsWith('Z_'))
      throw new BackupFileError(err instanceof Error ? err.message : String(err));
    throw err;
  }
}
