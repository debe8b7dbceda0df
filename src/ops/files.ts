import { open } from 'node:fs/promises';

/** A file's bytes as they are when read, up to the size it had when opened. */
export async function openFileChunks(file: string): Promise<{ size: number; chunks: AsyncIterable<Buffer> } | null> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null; // dropped meanwhile: the WAL drops it too
    throw err;
  }
  const { size } = await handle.stat();
  const chunks = (async function* () {
    try {
      let at = 0;
      while (at < size) {
        const buffer = Buffer.alloc(Math.min(1 << 20, size - at));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
        if (bytesRead === 0) return;
        at += bytesRead;
        yield buffer.subarray(0, bytesRead);
      }
    } finally {
      await handle.close();
    }
  })();
  return { size, chunks };
}
