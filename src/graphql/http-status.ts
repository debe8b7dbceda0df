import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context';
import { ErrorCode } from './errors';

/**
 * HTTP status codes as the GraphQL-over-HTTP specification sets them (graphql/graphql-over-http,
 * "Status Codes"), which differ by the response's media type:
 *
 * - A response with a `data` entry (the operation ran; field errors are a partial response, and data
 *   may even be null) is **200** in both media types.
 * - A request error (no `data`: the server refused the operation before running it) is answered as
 *   `application/graphql-response+json` with a 4xx/5xx: 401 sign in, 403 refused, 429 over a budget
 *   (with Retry-After), 503 the database is away, 500 a fault, and 400 for the rest (syntax,
 *   validation, variables, limits, a persisted-query miss).
 * - As `application/json` (legacy clients: Apollo Client 3 sends `Accept: *\/*` and treats any status
 *   but 2xx as a network error), a well-formed request SHOULD get 200 whatever its request errors,
 *   except when the server refuses the client rather than the request's contents ("to require
 *   authentication or payment", the specification's section "URL"): 401, 429 and 503 stay, as does
 *   500 for a fault of ours.
 *
 * With no Accept header the response is `application/graphql-response+json` (the specification's rule
 * since 1 January 2025; Apollo Server alone would choose application/json).
 */
export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';
export const APPLICATION_JSON = 'application/json';
type MediaType = typeof GRAPHQL_RESPONSE_JSON | typeof APPLICATION_JSON;

const REQUEST_ERROR_STATUS: Partial<Record<string, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
  [ErrorCode.INTERNAL_SERVER_ERROR]: 500,
};
/**
 * Refusals of the client (credentials, its budget, our availability), not of what it asked: kept as
 * application/json too.
 */
const CLIENT_REFUSALS = new Set<string>([
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.RATE_LIMITED,
  ErrorCode.SERVICE_UNAVAILABLE,
  ErrorCode.INTERNAL_SERVER_ERROR,
]);

/** The status of a response without `data`, by the code of its first error and the media type. */
export function requestErrorStatus(code: string, mediaType: MediaType): number {
  if (mediaType === APPLICATION_JSON && !CLIENT_REFUSALS.has(code)) return 200;
  return REQUEST_ERROR_STATUS[code] ?? 400;
}

/** Headers that go with a status: how to authenticate (RFC 6750), when to come back (RFC 9110). */
export function statusHeaders(status: number, extensions: Record<string, unknown> | undefined): [string, string][] {
  if (status === 401) return [['www-authenticate', 'Bearer realm="jiceng"']];
  if (status === 429 || status === 503) {
    const seconds = Number(extensions?.retryAfterSeconds);
    return [
      ['retry-after', String(Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : status === 429 ? 1 : 5)],
    ];
  }
  return [];
}

/** `extensions.http` for an error thrown before Apollo's request pipeline (context creation). */
export function httpOf(code: string, extensions?: Record<string, unknown>): { status: number; headers: HeaderMap } {
  const status = REQUEST_ERROR_STATUS[code] ?? 400;
  return { status, headers: new HeaderMap(statusHeaders(status, extensions)) };
}

/**
 * The media type a response is sent in, from the Accept header as HTTP content negotiation reads it
 * (quality, then the most specific match, then the client's order; application/json on a tie, as
 * Apollo Server does), or null when the client accepts neither (Apollo then answers 406).
 */
export function responseMediaType(accept: string | undefined | null): MediaType | null {
  if (!accept || !accept.trim()) return GRAPHQL_RESPONSE_JSON;
  const entries = accept.split(',').map((part, index) => {
    const [type, ...params] = part.split(';');
    const q = params.map((p) => p.trim().split('=')).find(([k]) => k.trim().toLowerCase() === 'q')?.[1];
    const quality = q === undefined ? 1 : Number(q);
    return { type: type.trim().toLowerCase(), q: Number.isFinite(quality) ? quality : 0, index };
  });
  const match = (candidate: MediaType) => {
    let best: { specificity: number; q: number; index: number } | null = null;
    for (const e of entries) {
      const specificity =
        e.type === candidate ? 2 : e.type === 'application/*' ? 1 : e.type === '*/*' || e.type === '*' ? 0 : -1;
      if (specificity >= 0 && (!best || specificity > best.specificity)) best = { specificity, q: e.q, index: e.index };
    }
    return best;
  };
  const ranked = ([APPLICATION_JSON, GRAPHQL_RESPONSE_JSON] as const)
    .map((type, order) => ({ type, order, m: match(type) }))
    .filter((c) => c.m && c.m.q > 0)
    .sort(
      (a, b) => b.m!.q - a.m!.q || b.m!.specificity - a.m!.specificity || a.m!.index - b.m!.index || a.order - b.order,
    );
  return ranked[0]?.type ?? null;
}

/** Sets the media type and the status of every single-result HTTP response (see above). */
export function httpStatusPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response }) {
          if (!request.http || response.body.kind !== 'single') return;
          const mediaType = responseMediaType(request.http.headers.get('accept'));
          if (!mediaType) return;
          response.http.headers.set('content-type', `${mediaType}; charset=utf-8`);
          const result = response.body.singleResult;
          if (result.data !== undefined) {
            response.http.status = 200;
            return;
          }
          const first = result.errors?.[0];
          const status = requestErrorStatus(
            String(first?.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR),
            mediaType,
          );
          response.http.status = status;
          for (const [name, value] of statusHeaders(status, first?.extensions)) response.http.headers.set(name, value);
        },
      };
    },
  };
}
