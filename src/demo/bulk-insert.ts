import type { EntityManager } from 'typeorm';

/**
 * Inserts rows column-wise through unnest: one statement per few thousand rows. An array column
 * (type `text[]`) takes each value as an array literal ('{A,B}'), since unnest would flatten a
 * two-dimensional array.
 */
/**
 * Transactions replaying earlier years of demo history (`seedDemo`'s `historyYears`, the benchmark's): a
 * row a module seed writes again (a county's power list, written each time its seed runs) is kept
 * as it is (ON CONFLICT DO NOTHING) instead of failing the year.
 */
export const replayingHistory = new WeakSet<EntityManager>();

export async function bulkInsert(
  tx: EntityManager,
  table: string,
  columns: [string, string][],
  rows: unknown[][],
): Promise<void> {
  const CHUNK = 5000;
  const isArray = (type: string) => type.endsWith('[]');
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const arrays = columns.map((_, c) => chunk.map((row) => row[c]));
    const list = columns.map(([name]) => name).join(', ');
    const unnest = columns.map(([, type], c) => `$${c + 1}::${isArray(type) ? 'text' : type}[]`).join(', ');
    const select = columns.map(([, type], c) => (isArray(type) ? `c${c}::${type}` : `c${c}`)).join(', ');
    await tx.query(
      `INSERT INTO ${table} (${list}) SELECT ${select} FROM unnest(${unnest}) AS u(${columns.map((_, c) => `c${c}`).join(', ')})${replayingHistory.has(tx) ? ' ON CONFLICT DO NOTHING' : ''}`,
      arrays,
    );
  }
}

/**
 * The highest id in a table (0 when empty): seeds that write explicit ids start after it, so they can run
 * once per county.
 */
export async function maxId(tx: EntityManager, table: string): Promise<number> {
  const [row] = await tx.query(`SELECT coalesce(max(id), 0)::int AS n FROM ${table}`);
  return row.n;
}
