// Beside the JSON: the answer as a table or a chart, and its errors in words (mounted in GraphiQL's
// footer, under the response; src/ide/client/main.tsx).
import { useMemo, useState } from 'react';
import { useGraphiQL } from '@graphiql/react';
import { isEnumType, type GraphQLSchema } from 'graphql';
import { Chart } from './chart';
import { chartPlanOf, chineseOf, formatCell, sortRows, tablesOf, type Column, type Table } from './tables';

type Mode = 'json' | 'table' | 'chart';

interface ResponseError {
  message?: string;
  path?: (string | number)[];
  extensions?: { code?: string; requestId?: string; field?: string };
}

interface Answer {
  data?: unknown;
  errors?: ResponseError[];
  extensions?: { requestId?: string };
}

function parseResponse(text: string | null | undefined): Answer | null {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Codes graphql-js and Apollo give before our resolvers run; ours are named in the schema's ErrorCode. */
const PROTOCOL_CODES: Record<string, string> = {
  GRAPHQL_PARSE_FAILED: '查询语法有误',
  GRAPHQL_VALIDATION_FAILED: '查询与接口不符（字段或参数名有误）',
  BAD_REQUEST: '请求有误',
  PERSISTED_QUERY_NOT_FOUND: '请重新发送查询',
};

/** GraphiQL's own refusals, before anything is sent ("Request not sent. Variables are invalid JSON: …"). */
function inWords(message: string | undefined): string {
  if (!message) return '未知错误';
  const notSent = /^Request not sent\. (Variables|Request headers) (.*)$/s.exec(message);
  if (!notSent) return message;
  return `未发送：${notSent[1] === 'Variables' ? '变量' : '请求头'}不是有效的 JSON — ${notSent[2]}`;
}

function codeLabel(schema: GraphQLSchema | null | undefined, code: string | undefined): string | null {
  if (!code) return null;
  const type = schema?.getType('ErrorCode');
  const value = type && isEnumType(type) ? type.getValue(code) : undefined;
  return chineseOf(value?.description) ?? PROTOCOL_CODES[code] ?? null;
}

function Errors({
  errors,
  schema,
  requestId,
}: {
  errors: ResponseError[];
  schema: GraphQLSchema | null | undefined;
  requestId: string | undefined;
}) {
  return (
    <div className="jc-errors" role="alert">
      <strong>
        {errors.length === 1 ? '查询出错' : `查询出错 ${errors.length} 处`} — {errors.length === 1 ? 'error' : 'errors'}
      </strong>
      <ul>
        {errors.slice(0, 8).map((e, i) => (
          <li key={i}>
            {codeLabel(schema, e.extensions?.code) && (
              <span className="jc-code" title={e.extensions?.code}>
                {codeLabel(schema, e.extensions?.code)}
              </span>
            )}
            {inWords(e.message)}
            {e.path && <span className="jc-where"> 位置：{e.path.join(' › ')}</span>}
            {e.extensions?.requestId && <span className="jc-where"> 请求编号：{e.extensions.requestId}</span>}
          </li>
        ))}
      </ul>
      {errors.length > 8 && <p>另有 {errors.length - 8} 处，见 JSON。</p>}
      {requestId && <p className="jc-where">报告问题时请附请求编号 (request id)：{requestId}</p>}
    </div>
  );
}

function TableView({ table }: { table: Table }) {
  const [sort, setSort] = useState<{ key: string; direction: 'asc' | 'desc' } | null>(null);
  const column = sort && table.columns.find((c) => c.key === sort.key);
  const rows = column ? sortRows(table.rows, column, sort.direction) : table.rows;
  const toggle = (c: Column) =>
    setSort((s) =>
      s?.key === c.key
        ? { key: c.key, direction: s.direction === 'asc' ? 'desc' : 'asc' }
        : { key: c.key, direction: c.kind === 'number' || c.kind === 'share' ? 'desc' : 'asc' },
    );
  return (
    <table className="jc-table">
      <thead>
        <tr>
          {table.columns.map((c) => (
            <th
              key={c.key}
              title={`${c.path} — 点击排序 (click to sort)`}
              onClick={() => toggle(c)}
              aria-sort={sort?.key === c.key ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
              className={c.kind === 'number' || c.kind === 'share' ? 'num' : undefined}
            >
              {c.label}
              {sort?.key === c.key ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            {table.columns.map((c) => (
              <td key={c.key} className={c.kind === 'number' || c.kind === 'share' ? 'num' : undefined}>
                {formatCell(c, r[c.key])}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ChartView({ table }: { table: Table }) {
  const plan = chartPlanOf(table);
  const [valueKey, setValueKey] = useState<string | null>(null);
  if (!plan) return <p className="jc-note">这张表没有可画图的数字（至少两行、有数字列）— nothing to chart here.</p>;
  const value =
    plan.values.find((c) => c.key === valueKey) ?? plan.values.find((c) => c.kind === 'share') ?? plan.values[0];
  return (
    <div>
      <label className="jc-pick">
        {plan.kind === 'line' ? `按${plan.by[0].label}的折线` : `按${plan.by[0].label}的条形`}：
        <select value={value.key} onChange={(e) => setValueKey(e.target.value)}>
          {plan.values.map((c) => (
            <option key={c.key} value={c.key}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <Chart plan={plan} rows={table.rows} value={value} />
    </div>
  );
}

export function ResultView() {
  const tab = useGraphiQL((s) => s.tabs[s.activeTabIndex]);
  const schema = useGraphiQL((s) => s.schema);
  const [mode, setMode] = useState<Mode>('json');
  const [picked, setPicked] = useState<string | null>(null);
  const response = useMemo(() => parseResponse(tab?.response), [tab?.response]);
  const tables = useMemo(
    () => (schema && tab?.query && response?.data ? tablesOf(schema, tab.query, response.data) : []),
    [schema, tab?.query, response],
  );
  // The first list with rows, unless another was picked.
  const table = tables.find((t) => t.id === picked) ?? tables.find((t) => t.rows.length > 1) ?? tables[0] ?? null;
  const errors = response?.errors?.length ? response.errors : null;
  return (
    <>
      {mode !== 'json' && (
        <div className="jc-pane">
          {!table ? (
            <p className="jc-note">先运行查询（▶），这里以表格显示结果 — run a query first.</p>
          ) : (
            <>
              <label className="jc-pick">
                列表 List：
                <select value={table.id} onChange={(e) => setPicked(e.target.value)}>
                  {tables.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.label}（{t.rows.length} 行）
                    </option>
                  ))}
                </select>
              </label>
              {mode === 'table' ? (
                <TableView key={table.id} table={table} />
              ) : (
                <ChartView key={table.id} table={table} />
              )}
            </>
          )}
        </div>
      )}
      {errors && <Errors errors={errors} schema={schema} requestId={response?.extensions?.requestId} />}
      <div className="jc-switch" role="tablist" aria-label="结果显示方式 — show the result as">
        {(
          [
            ['json', 'JSON'],
            ['table', '表格 Table'],
            ['chart', '图表 Chart'],
          ] as const
        ).map(([m, label]) => (
          <button
            key={m}
            role="tab"
            aria-selected={mode === m}
            className={mode === m ? 'on' : ''}
            onClick={() => setMode(m)}
          >
            {label}
          </button>
        ))}
      </div>
    </>
  );
}
