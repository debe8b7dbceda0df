// Plain SVG charts of a table: a line for a figure by week or month, bars for a figure by unit or kind.
// Small on purpose: two shapes need no chart library.
import { formatCell, type ChartPlan, type Column, type Row } from './tables';

const W = 720;
const COLOURS = ['#b71c1c', '#1565c0', '#2e7d32', '#ef6c00'];

const numberOf = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Round steps for an axis from 0 to at least `max`. */
function ticks(max: number, share: boolean): number[] {
  if (share) return [0, 0.25, 0.5, 0.75, 1];
  if (max <= 0) return [0, 1];
  const raw = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  return Array.from({ length: Math.ceil(max / step) + 1 }, (_, i) => i * step);
}

export function LineChart({ rows, by, values }: { rows: Row[]; by: Column; values: Column[] }) {
  const H = 320;
  const left = 64;
  const right = 16;
  const top = 16;
  const bottom = 56;
  const sorted = [...rows].sort((a, b) => String(a[by.key]).localeCompare(String(b[by.key])));
  const share = values.every((v) => v.kind === 'share');
  const max = Math.max(0, ...sorted.flatMap((r) => values.map((v) => numberOf(r[v.key]) ?? 0)));
  const axis = ticks(max, share);
  const top0 = axis[axis.length - 1] || 1;
  const x = (i: number) => left + (sorted.length === 1 ? 0 : (i * (W - left - right)) / (sorted.length - 1));
  const y = (v: number) => top + (H - top - bottom) * (1 - v / top0);
  return (
    <svg className="jc-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={values.map((v) => v.label).join('、')}>
      {axis.map((t) => (
        <g key={t}>
          <line x1={left} x2={W - right} y1={y(t)} y2={y(t)} stroke="#ddd" />
          <text x={left - 6} y={y(t) + 4} textAnchor="end" fontSize="12">
            {formatCell(values[0], t)}
          </text>
        </g>
      ))}
      {sorted.map((r, i) => (
        <text
          key={i}
          x={x(i)}
          y={H - bottom + 16}
          fontSize="11"
          textAnchor="end"
          transform={`rotate(-40 ${x(i)} ${H - bottom + 16})`}
        >
          {String(r[by.key] ?? '').slice(5)}
        </text>
      ))}
      {values.map((v, k) => {
        const points = sorted
          .map((r, i) => [i, numberOf(r[v.key])] as const)
          .filter((p): p is readonly [number, number] => p[1] !== null);
        return (
          <g key={v.key} stroke={COLOURS[k % COLOURS.length]} fill={COLOURS[k % COLOURS.length]}>
            <polyline fill="none" strokeWidth="2" points={points.map(([i, n]) => `${x(i)},${y(n)}`).join(' ')} />
            {points.map(([i, n]) => (
              <circle key={i} cx={x(i)} cy={y(n)} r="3">
                <title>{`${sorted[i][by.key]}：${formatCell(v, n)}`}</title>
              </circle>
            ))}
          </g>
        );
      })}
    </svg>
  );
}

export function BarChart({ rows, by, value }: { rows: Row[]; by: Column[]; value: Column }) {
  const label = (r: Row) =>
    by
      .map((c) => (c.kind === 'number' ? `${c.label} ${formatCell(c, r[c.key])}` : formatCell(c, r[c.key])))
      .filter((s) => s !== '—')
      .join(' · ');
  const shown = rows.filter((r) => numberOf(r[value.key]) !== null).slice(0, 60);
  const max = Math.max(value.kind === 'share' ? 1 : 0, ...shown.map((r) => numberOf(r[value.key]) ?? 0)) || 1;
  const rowH = 24;
  const labelW = 220;
  const valueW = 70;
  const H = shown.length * rowH + 8;
  return (
    <svg className="jc-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={value.label}>
      {shown.map((r, i) => {
        const n = numberOf(r[value.key]) ?? 0;
        const w = ((W - labelW - valueW) * n) / max;
        const text = label(r);
        return (
          <g key={i} transform={`translate(0 ${i * rowH + 4})`}>
            <text x={labelW - 8} y={rowH / 2 + 4} textAnchor="end" fontSize="12">
              {text.length > 18 ? `${text.slice(0, 17)}…` : text}
              <title>{text}</title>
            </text>
            <rect x={labelW} y={3} width={Math.max(w, 1)} height={rowH - 8} fill={COLOURS[0]} />
            <text x={labelW + w + 6} y={rowH / 2 + 4} fontSize="12">
              {formatCell(value, n)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function Chart({ plan, rows, value }: { plan: ChartPlan; rows: Row[]; value: Column }) {
  return plan.kind === 'line' ? (
    <LineChart rows={rows} by={plan.by[0]} values={[value]} />
  ) : (
    <BarChart rows={rows} by={plan.by} value={value} />
  );
}
