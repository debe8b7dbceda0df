// "导出 CSV" / "导出 Excel": the current tab's query and variables, posted to /export, saved as a file.
import { useState } from 'react';
import { ToolbarButton, useOperationsEditorState, useVariablesEditorState } from '@graphiql/react';
import { exportFile } from './session';

/** The file name the server chose (RFC 5987 `filename*` first), or a fallback. */
function fileNameOf(disposition: string | null, fallback: string): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '')?.[1];
  if (encoded) return decodeURIComponent(encoded);
  return /filename="([^"]+)"/i.exec(disposition ?? '')?.[1] ?? fallback;
}

function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Two toolbar buttons beside GraphiQL's own; a refusal is shown as the server worded it. */
export function ExportButtons() {
  const [query] = useOperationsEditorState();
  const [variablesText] = useVariablesEditorState();
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (format: 'csv' | 'xlsx') => {
    let variables: unknown = {};
    try {
      variables = variablesText.trim() ? JSON.parse(variablesText) : {};
    } catch (err) {
      alert(`变量不是有效的 JSON — variables are not valid JSON: ${(err as Error).message}`);
      return;
    }
    setBusy(format);
    try {
      const res = await exportFile({ query, variables, format });
      if (!res.ok) {
        const body = await res.json().catch(() => null);
        alert(body?.errors?.[0]?.message ?? `HTTP ${res.status}`);
        return;
      }
      save(await res.blob(), fileNameOf(res.headers.get('content-disposition'), `export.${format}`));
    } catch (err) {
      alert(`导出中断 — the export was cut short: ${(err as Error).message}`);
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      <ToolbarButton label="导出 CSV — export as CSV" disabled={busy !== null} onClick={() => run('csv')}>
        <span className="export-button">{busy === 'csv' ? '…' : 'CSV'}</span>
      </ToolbarButton>
      <ToolbarButton label="导出 Excel — export as xlsx" disabled={busy !== null} onClick={() => run('xlsx')}>
        <span className="export-button">{busy === 'xlsx' ? '…' : 'XLSX'}</span>
      </ToolbarButton>
    </>
  );
}
