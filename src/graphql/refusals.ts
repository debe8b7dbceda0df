import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import {
  Kind,
  valueFromASTUntyped,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { App, Context } from '../context';
import { auditedErrors, writeAudit } from '../auth/services/audit';
import { PUBLIC_ROOT_FIELDS } from '../schema';
import { AppError, ErrorCode } from './errors';
import { CORE_MESSAGES as M } from '../messages/core';

/**
 * Refusals (docs/ARCHITECTURE.md, "Mutations"; issue 14, item 14).
 *
 * 1. An anonymous request for anything but the public root fields (viewer, login, refresh, logout) is
 *    refused as a whole before it runs: UNAUTHENTICATED, HTTP 401 (src/graphql/http-status.ts).
 * 2. Every refusal is audited, in one of two ways:
 *    - a **mutation of a signed-in account** refused before it ran (over a limit, a hostile input),
 *      or refused by the guard outside runMutation, is an audit event of its own per mutation field,
 *      like those runMutation writes (FORBIDDEN, MODULE_DISABLED, userErrors): the account is known
 *      and its requests are bounded by its budget;
 *    - what could be a flood is **counted**, not written one by one: anonymous requests (and forged or
 *      expired tokens), refused queries, and RATE_LIMITED refusals (the limit itself says they come too
 *      fast). One summary event per operation, code, and account or address, per minute (or when the
 *      server stops), says how many were refused, from when to when. A flood of refusals thus costs at
 *      most one write per key per minute, and at most MAX_KEYS keys (the rest are counted under "*").
 */
const REFUSALS = new Set<string>([
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.QUERY_TOO_COMPLEX,
  ErrorCode.RATE_LIMITED,
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.MODULE_DISABLED,
]);
const FLUSH_EVERY_MS = 60_000;
const MAX_KEYS = 1_000;

const outcomeOf = (code: string) =>
  code === ErrorCode.UNAUTHENTICATED || code === ErrorCode.FORBIDDEN ? 'DENIED' : 'REJECTED';

interface Tally {
  kind: string;
  operation: string;
  code: string;
  actorId: number | null;
  address: string | null;
  refused: number;
  from: Date;
  to: Date;
  requestId: string | null;
}

/** Counted refusals of one app, written as summary audit events every minute and when the server stops. */
class RefusalSummaries {
  private tallies = new Map<string, Tally>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly app: App) {}

  count(r: Omit<Tally, 'refused' | 'from' | 'to'>): void {
    const now = this.app.clock.now();
    let key = [r.kind, r.operation, r.code, r.actorId ?? `address:${r.address}`].join('|');
    if (!this.tallies.has(key) && this.tallies.size >= MAX_KEYS) key = `${r.kind}|*|${r.code}|*`;
    const tally = this.tallies.get(key);
    if (tally) {
      tally.refused++;
      tally.to = now;
      tally.requestId = r.requestId;
    } else {
      const overflow = key.endsWith('|*');
      this.tallies.set(key, {
        ...r,
        ...(overflow ? { operation: '*', actorId: null, address: null } : {}),
        refused: 1,
        from: now,
        to: now,
      });
    }
    if (!this.timer) {
      this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS);
      this.timer.unref();
    }
  }

  async flush(): Promise<void> {
    const tallies = [...this.tallies.values()];
    this.tallies = new Map();
    if (this.timer && tallies.length === 0) {
      clearInterval(this.timer);
      this.timer = null;
    }
    if (tallies.length === 0) return;
    const at = this.app.clock.now();
    try {
      await this.app.db.query(
        `INSERT INTO audit_event (actor_id, operation, input, outcome, error_codes, request_id, at)
         SELECT actor_id, operation, input, outcome, ARRAY[code], request_id, at FROM unnest($1::int[], $2::text[], $3::jsonb[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
           AS s(actor_id, operation, input, outcome, code, request_id, at)`,
        [
          tallies.map((s) => s.actorId),
          tallies.map((s) => s.operation),
          tallies.map((s) =>
            JSON.stringify({
              summary: true,
              kind: s.kind,
              refused: s.refused,
              from: s.from.toISOString(),
              to: s.to.toISOString(),
              ...(s.actorId === null && s.address ? { address: s.address } : {}),
            }),
          ),
          tallies.map((s) => outcomeOf(s.code)),
          tallies.map((s) => s.code),
          tallies.map((s) => s.requestId),
          tallies.map(() => at),
        ],
      );
    } catch (err) {
      this.app.log.warn(
        { err: { message: (err as Error).message }, summaries: tallies.length },
        'could not write the summary of refused requests',
      );
    }
  }
}

const summaries = new WeakMap<App, RefusalSummaries>();

/** The counted refusals of an app (one per app, shared by its servers). */
export function refusalSummaries(app: App): RefusalSummaries {
  let s = summaries.get(app);
  if (!s) summaries.set(app, (s = new RefusalSummaries(app)));
  return s;
}

/** Writes the summaries counted so far (tests; the server does it every minute and when it stops). */
export function flushRefusalSummaries(app: App): Promise<void> {
  return refusalSummaries(app).flush();
}

interface RootField {
  /** The response key: the alias, or the name. */
  key: string;
  name: string;
  args: Record<string, unknown>;
}

/** The root fields an operation selects (through fragments), with their argument values as sent. */
function rootFields(
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): RootField[] {
  const found: RootField[] = [];
  const visit = (set: SelectionSetNode, seen: Set<string>) => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD)
        found.push({ key: sel.alias?.value ?? sel.name.value, name: sel.name.value, args: argsOf(sel, variables) });
      else if (sel.kind === Kind.INLINE_FRAGMENT) visit(sel.selectionSet, seen);
      else if (!seen.has(sel.name.value) && fragments[sel.name.value])
        visit(fragments[sel.name.value].selectionSet, new Set([...seen, sel.name.value]));
    }
  };
  visit(operation.selectionSet, new Set());
  return found;
}

function argsOf(field: FieldNode, variables: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    (field.arguments ?? []).map((a) => [
      a.name.value,
      a.value.kind === Kind.VARIABLE ? variables[a.value.name.value] : valueFromASTUntyped(a.value, variables),
    ]),
  );
}

type RequestContext = GraphQLRequestContext<Context>;

function fragmentsOf(rc: RequestContext): Record<string, FragmentDefinitionNode> {
  return Object.fromEntries(
    (rc.document?.definitions ?? [])
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
}

/** Audits one refused request (see above). Never fails the response it is about. */
async function auditRefusal(app: App, rc: RequestContext, code: string, fields: RootField[]): Promise<void> {
  const ctx = rc.contextValue;
  const kind = rc.operation?.operation ?? 'unknown';
  const actorId = ctx.access.viewer?.accountId ?? null;
  if (kind === 'mutation' && actorId !== null && code !== ErrorCode.RATE_LIMITED) {
    for (const field of fields)
      await writeAudit(app.db.manager, ctx, {
        operation: field.name,
        outcome: outcomeOf(code),
        input: field.args.input ?? field.args,
        errorCodes: [code],
      });
    return;
  }
  const operation = [...new Set(fields.map((f) => f.name))].join(',') || rc.operationName || '(unknown)';
  refusalSummaries(app).count({
    kind,
    operation,
    code,
    actorId,
    address: ctx.clientAddress ?? null,
    requestId: ctx.requestId,
  });
}

/** Refuses anonymous requests for what needs an account, and audits every refusal (see above). */
export function refusalsPlugin(app: App): ApolloServerPlugin<Context> {
  return {
    async serverWillStart() {
      return {
        async serverWillStop() {
          await refusalSummaries(app).flush();
        },
      };
    },
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, contextValue }) {
          if (!operation || contextValue.access.signedIn) return;
          const fragments = Object.fromEntries(
            document.definitions
              .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
              .map((d) => [d.name.value, d]),
          );
          const closed = rootFields(operation, fragments, {})
            .map((f) => f.name)
            .filter((name) => !name.startsWith('__') && !PUBLIC_ROOT_FIELDS.includes(name));
          if (closed.length > 0) {
            throw new AppError(ErrorCode.UNAUTHENTICATED, M.signInFor({ fields: [...new Set(closed)] }));
          }
        },
        async willSendResponse(rc) {
          const { response } = rc;
          if (response.body.kind !== 'single' || !rc.contextValue?.access) return;
          const result = response.body.singleResult;
          const formatted = result.errors ?? [];
          if (formatted.length === 0) return;
          try {
            const variables = rc.request.variables ?? {};
            if (result.data === undefined) {
              // Refused before it ran.
              const code = String(formatted[0].extensions?.code ?? '');
              if (!REFUSALS.has(code)) return;
              const fields = rc.operation ? rootFields(rc.operation, fragmentsOf(rc), variables) : [];
              await auditRefusal(app, rc, code, fields);
              return;
            }
            // It ran: a mutation field refused outside runMutation (which audits its own refusals).
            if (rc.operation?.operation !== 'mutation') return;
            const raw = rc.errors ?? [];
            const fields = rootFields(rc.operation, fragmentsOf(rc), variables);
            for (const [i, error] of formatted.entries()) {
              const code = String(error.extensions?.code ?? '');
              const original = raw[i]?.originalError ?? raw[i];
              if (error.path?.length !== 1 || !REFUSALS.has(code) || (original && auditedErrors.has(original)))
                continue;
              const key = String(error.path[0]);
              const field = fields.find((f) => f.key === key) ?? { key, name: key, args: {} };
              await auditRefusal(app, rc, code, [field]);
            }
          } catch (err) {
            app.log.warn({ err: { message: (err as Error).message } }, 'could not audit a refused request');
          }
        },
      };
    },
  };
}
