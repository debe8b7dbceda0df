import type { ApolloServer } from '@apollo/server';
import type express from 'express';
import {
  getOperationAST,
  GraphQLError,
  parse,
  print,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { createContext, type App, type Context } from '../context';
import { writeAudit } from '../auth/services/audit';
import { ErrorCode } from '../graphql/errors';
import { httpOf, statusHeaders } from '../graphql/http-status';
import { renderMessage, type Language, type Message } from '../messages/catalogue';
import { CORE_MESSAGES as M } from '../messages/core';
import {
  chooseList,
  pagedDocument,
  PAGE_KEY,
  planExport,
  TOTAL_KEY,
  valueAt,
  type ExportPlan,
  type ListPlan,
} from './plan';
import { CsvWriter, sheetWords, XlsxWriter, type SheetWriter } from './sheets';

/**
 * POST /export (README, "Export to spreadsheets"): a query's answer as a CSV or xlsx file.
 *
 * The document runs through the same Apollo server and the same request context as /graphql, so the
 * access guard, masking, module switches, limits, ceilings, the hourly budget and the refusal audit
 * apply unchanged; mutations and subscriptions are refused. The list to export (`rows`, or the first
 * list of the query) is read page by page when it is a forward connection: `after` is bound to the
 * last page's end cursor, each page runs as an operation of its own (a fresh context, so the
 * request's loaders hold one page) and is written to the response before the next one is asked for.
 * Every export by a signed-in account writes one audit event `export`, complete or not.
 */

const FORMATS = {
  csv: { type: 'text/csv; charset=utf-8', ext: 'csv' },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx' },
} as const;
type Format = keyof typeof FORMATS;

interface ExportRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
  format?: unknown;
  rows?: unknown;
}

type ContextFor = (app: App, req: express.Request) => Promise<Context>;

/** `attachment` with an ASCII fallback and the real name in RFC 5987 form (Chinese names). */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Long digit runs (ID card and phone numbers) in a query's text, as the audit log keeps it. */
const redactDigits = (query: string) => query.replace(/\d{11,}[\dXx]?/g, '[redacted]');

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly entry: Message,
  ) {
    super(entry.key);
  }
}

export function exportHandler(
  app: App,
  apollo: ApolloServer<Context>,
  schema: GraphQLSchema,
  contextFor: ContextFor,
): express.RequestHandler {
  return async (req, res) => {
    const sent = (req.body ?? {}) as ExportRequest;
    let ctx: Context;
    try {
      ctx = await contextFor(app, req);
    } catch (err) {
      if (!(err instanceof GraphQLError)) throw err;
      const { http, ...extensions } = err.extensions as { http?: ReturnType<typeof httpOf> };
      res.status(http?.status ?? 400);
      for (const [name, value] of http?.headers ?? []) res.setHeader(name, value);
      res.json({ errors: [{ message: err.message, extensions }] });
      return;
    }
    const say = (m: Message) => renderMessage(m, ctx.language);
    const format = sent.format === undefined ? 'csv' : sent.format;
    const query = typeof sent.query === 'string' ? sent.query : '';
    const variables =
      sent.variables && typeof sent.variables === 'object' && !Array.isArray(sent.variables)
        ? (sent.variables as Record<string, unknown>)
        : {};
    const operationName = typeof sent.operationName === 'string' && sent.operationName ? sent.operationName : undefined;
    const rowsAsked = typeof sent.rows === 'string' && sent.rows ? sent.rows : undefined;
    const viewer = ctx.access.viewer;
    ctx.audit.unitPaths = viewer?.grants.flatMap((g) => (g.path ? [g.path] : [])) ?? [];

    const audit = { rows: 0, list: null as string | null, operation: operationName ?? null };
    /** Written before the answer ends, so a client that has the file (or the refusal) finds the event. */
    const writeEvent = async (outcome: 'OK' | 'REJECTED' | 'DENIED', errorCodes: string[] = []): Promise<boolean> => {
      if (!viewer) return true; // anonymous requests are refused by the refusals plugin, which counts them
      try {
        await writeAudit(app.db.manager, ctx, {
          operation: 'export',
          outcome,
          errorCodes,
          input: {
            operationName: audit.operation,
            format: String(format).slice(0, 20),
            rows: audit.list,
            rowCount: audit.rows,
            variables,
            query: redactDigits(query),
          },
        });
        return true;
      } catch (err) {
        app.log.warn({ err: { message: (err as Error).message } }, 'could not audit an export');
        return false;
      }
    };
    /** Answers an error before the file has started, as /graphql would (status, Retry-After, …). */
    const answerErrors = async (errors: readonly GraphQLFormattedError[], status?: number) => {
      const code = String(errors[0]?.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR);
      const http = httpOf(code, errors[0]?.extensions);
      await writeEvent(code === ErrorCode.UNAUTHENTICATED || code === ErrorCode.FORBIDDEN ? 'DENIED' : 'REJECTED', [
        code,
      ]);
      res.status(status ?? http.status);
      for (const [name, value] of statusHeaders(status ?? http.status, errors[0]?.extensions))
        res.setHeader(name, value);
      res.json({ errors });
    };
    const refuse = (r: Refusal) =>
      answerErrors([{ message: say(r.entry), extensions: { code: r.code, reason: r.entry.reason } }], r.status);

    /** One operation through Apollo, as /graphql runs it; each page gets a context of its own. */
    const run = async (document: string, vars: Record<string, unknown>, first: boolean) => {
      const contextValue = first ? ctx : createContext(app, ctx.requestId, viewer, ctx.clientAddress, ctx.language);
      const response = await apollo.executeOperation(
        { query: document, variables: vars, operationName },
        { contextValue },
      );
      if (response.body.kind !== 'single') throw new Error('incremental responses are not used');
      return response.body.singleResult;
    };

    try {
      if (format !== 'csv' && format !== 'xlsx')
        throw new Refusal(400, ErrorCode.BAD_USER_INPUT, M.exportFormat({ got: String(format).slice(0, 40) }));
      if (!query) throw new Refusal(400, ErrorCode.BAD_USER_INPUT, M.exportQueryRequired());
      let document: DocumentNode | null = null;
      try {
        document = parse(query, { maxTokens: app.config.limits.maxTokens });
      } catch {
        document = null;
      }
      const operation = document && validate(schema, document).length === 0 && getOperationAST(document, operationName);
      if (!document || !operation) {
        // Not a valid document: Apollo words the error exactly as /graphql does.
        const result = await run(query, variables, true);
        await answerErrors(result.errors ?? []);
        return;
      }
      audit.operation = operationName ?? operation.name?.value ?? null;
      if (operation.operation !== 'query')
        throw new Refusal(400, ErrorCode.BAD_USER_INPUT, M.exportNotAQuery({ kind: operation.operation }));

      const plan = planExport(schema, document, operation);
      const list = chooseList(plan, rowsAsked);
      if (list === undefined)
        throw new Refusal(
          400,
          ErrorCode.BAD_USER_INPUT,
          M.exportNoSuchList({
            path: rowsAsked ?? '',
            lists: plan.lists.map((l) => l.path.join('.')).join(', ') || '—',
          }),
        );
      audit.list = list?.path.join('.') ?? null;
      const paged = list?.paging ? pagedDocument(document, operation, list, variables, true) : null;
      const text = paged ? print(paged.document) : query;
      // Later pages do not count the list again.
      const nextText = paged ? print(pagedDocument(document, operation, list!, variables, false).document) : query;
      const pageVariables = (cursor: unknown) =>
        paged ? { ...variables, [paged.variable]: cursor ?? null } : variables;

      const firstPage = await run(text, pageVariables(paged?.first), true);
      if (firstPage.errors?.length) {
        await answerErrors(firstPage.errors);
        return;
      }
      const data = firstPage.data ?? {};
      const connectionPath = list ? list.path.slice(0, -1) : [];
      const items = list ? valueAt(data, list.path) : null;
      if (list && !Array.isArray(items))
        throw new Refusal(404, ErrorCode.NOT_FOUND, M.exportListNull({ path: list.path.join('.') }));
      const total = paged ? valueAt(data, [...connectionPath, TOTAL_KEY]) : null;
      const max = app.config.limits.maxExportRows;
      const tooMany = (count: number) =>
        new Refusal(
          400,
          ErrorCode.QUERY_TOO_COMPLEX,
          M.exportTooManyRows({ max, count, path: list!.path.slice(0, -1).join('.') }),
        );
      if ((typeof total === 'number' && total > max) || (Array.isArray(items) && items.length > max))
        throw tooMany(typeof total === 'number' ? total : (items as unknown[]).length);

      // The file starts here: from now on a failure can only cut it short.
      const name = audit.operation ?? (list ? list.label[ctx.language] : sheetWords.figures[ctx.language]);
      res.status(200);
      res.setHeader('content-type', FORMATS[format as Format].type);
      res.setHeader('content-disposition', contentDisposition(`${name}-${ctx.today}.${FORMATS[format as Format].ext}`));
      res.setHeader('cache-control', 'no-store');
      res.setHeader('x-content-type-options', 'nosniff');
      let closed = false;
      res.on('close', () => {
        closed = !res.writableFinished;
      });
      const writer: SheetWriter =
        format === 'csv'
          ? new CsvWriter(res, ctx.language, app.clock.timeZone)
          : new XlsxWriter(res, ctx.language, app.clock.timeZone);

      const failed = await writeSheets(writer, format as Format, ctx.language, plan, list, data, {
        next: async (cursor) => {
          if (closed) return { error: 'CLIENT_CLOSED' };
          const page = await run(nextText, pageVariables(cursor), false);
          if (page.errors?.length) return { error: String(page.errors[0].extensions?.code ?? 'INTERNAL_SERVER_ERROR') };
          return { data: page.data ?? {} };
        },
        paged: paged !== null,
        connectionPath,
        max,
        count: (n) => (audit.rows += n),
      });
      if (failed) {
        app.log.warn({ requestId: ctx.requestId, code: failed, rows: audit.rows }, 'export cut short');
        await writeEvent('REJECTED', [failed]);
        res.destroy();
        return;
      }
      // No event, no complete file: the download breaks instead.
      if (await writeEvent('OK')) await writer.end();
      else res.destroy();
    } catch (err) {
      if (err instanceof Refusal && !res.headersSent) {
        await refuse(err);
        return;
      }
      app.log.error({ err: { message: (err as Error).message }, requestId: ctx.requestId }, 'export failed');
      await writeEvent('REJECTED', [ErrorCode.INTERNAL_SERVER_ERROR]);
      if (res.headersSent) res.destroy();
      else
        res.status(500).json({
          errors: [
            {
              message: say(M.internal()),
              extensions: {
                code: ErrorCode.INTERNAL_SERVER_ERROR,
                reason: M.internal.reason,
                requestId: ctx.requestId,
              },
            },
          ],
        });
    }
  };
}

interface Paging {
  /** The page after `cursor`, or the code that stopped it. */
  next(cursor: string): Promise<{ data?: Record<string, unknown>; error?: string }>;
  paged: boolean;
  connectionPath: string[];
  max: number;
  count(n: number): void;
}

/**
 * Writes the chosen list page by page, then (xlsx) the other lists and the figures, all but the end of
 * the file; returns a code if cut short.
 */
async function writeSheets(
  writer: SheetWriter,
  format: Format,
  language: Language,
  { lists, figures }: ExportPlan,
  list: ListPlan | null,
  firstData: Record<string, unknown>,
  paging: Paging,
): Promise<string | null> {
  // The other sheets come from the first page; they are written after the streamed one.
  const others =
    format === 'xlsx' ? lists.filter((l) => l !== list).map((l) => ({ l, items: valueAt(firstData, l.path) })) : [];
  const figureRow = (format === 'xlsx' || !list) && figures.length ? firstData : null;
  if (list) {
    await writer.sheet(list.label[language], list.columns);
    let data: Record<string, unknown> | undefined = firstData;
    let written = 0;
    while (data) {
      const items = (valueAt(data, list.path) as unknown[] | null) ?? [];
      if (written + items.length > paging.max) return ErrorCode.QUERY_TOO_COMPLEX;
      await writer.rows(items);
      written += items.length;
      paging.count(items.length);
      const info = paging.paged
        ? (valueAt(data, [...paging.connectionPath, PAGE_KEY]) as {
            endCursor: string | null;
            hasNextPage: boolean;
          } | null)
        : null;
      data = undefined;
      if (info?.hasNextPage && info.endCursor && items.length > 0) {
        const next = await paging.next(info.endCursor);
        if (next.error) return next.error;
        data = next.data;
        if (!Array.isArray(valueAt(data, list.path))) return ErrorCode.NOT_FOUND;
      }
    }
  }
  for (const { l, items } of others) {
    await writer.sheet(l.label[language], l.columns);
    await writer.rows(Array.isArray(items) ? items : []);
  }
  if (figureRow) {
    await writer.sheet(sheetWords.figures[language], figures);
    await writer.rows([figureRow]);
  }
  return null;
}
