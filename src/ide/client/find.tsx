// 查找 (find): the schema's types, fields, arguments and enum values by name *and* description, so a
// Chinese word ("上报", "销号", "失联") finds its fields; a result opens in the Docs pane.
import { useMemo, useState } from 'react';
import { useGraphiQL, useGraphiQLActions, type GraphiQLPlugin } from '@graphiql/react';
import { DOC_EXPLORER_PLUGIN, useDocExplorerActions } from '@graphiql/plugin-doc-explorer';
import type { GraphQLSchema } from 'graphql';
import { find, indexOf } from './schema-search';

function FindContent() {
  const schema = useGraphiQL((s) => s.schema);
  const { setVisiblePlugin } = useGraphiQLActions();
  const docs = useDocExplorerActions();
  const [text, setText] = useState('');
  const index = useMemo(() => (schema ? indexOf(schema as GraphQLSchema) : []), [schema]);
  const hits = useMemo(() => find(index, text), [index, text]);
  return (
    <div className="jc-find">
      <div className="graphiql-doc-explorer-title">查找 Find</div>
      <input
        className="jc-find-input"
        placeholder="中文或英文：上报、销号、失联、onTimeRate…"
        aria-label="查找 find"
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoFocus
      />
      {text && !hits.length && <p className="jc-note">没有找到 — nothing found.</p>}
      <ul className="jc-hits">
        {hits.map((h) => (
          <li key={h.where}>
            <button
              onClick={() => {
                docs.reset();
                for (const item of h.stack) docs.push(item);
                setVisiblePlugin(DOC_EXPLORER_PLUGIN);
              }}
            >
              <span className="jc-hit-where">{h.where}</span>
              <span className="jc-hit-text">{h.description.split('\n')[0]}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

export const findPlugin: GraphiQLPlugin = {
  title: '查找 Find (中文)',
  icon: () => (
    <svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" strokeWidth="1.5">
      <circle cx="10" cy="10" r="6" />
      <path d="M15 15l6 6" />
      <text x="7" y="13" fontSize="7" stroke="none" fill="currentColor">
        中
      </text>
    </svg>
  ),
  content: FindContent,
};
