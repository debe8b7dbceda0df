import type { EntityManager } from 'typeorm';

/** Inserts rows column-wise through unnest: one statement per few thousand rows. */
export async function bulkInsert(tx: EntityManager, table: string, columns: [string, string][], rows: unknown[][]): Promise<void> {
  const CHUNK = 5000;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const arrays = columns.map((_, c) => chunk.map((row) => row[c]));
    const list = columns.map(([name]) => name).join(', ');
    const unnest = columns.map(([, type], c) => `$${c + 1}::${type}[]`).join(', ');
    await tx.query(`INSERT INTO ${table} (${list}) SELECT * FROM unnest(${unnest})`, arrays);
  }
}
