import type http from 'node:http';
import proxyAddr from 'proxy-addr';
import type { Config } from './config';

/** Which hops to believe about the client's address, as proxy-addr asks: (address, hop index) → trusted. */
export type ProxyTrust = (address: string, hop: number) => boolean;

/**
 * The one rule for a caller's address, shared by HTTP (Express's `trust proxy`, so `req.ip`) and the
 * WebSocket upgrade (src/events/ws.ts): X-Forwarded-For is walked from the socket's address back
 * while each hop is a trusted proxy (TRUST_PROXY, src/config.ts). Compiled here the way Express
 * compiles its `trust proxy` setting, so both sides hold the very same function.
 */
export interface ClientAddressRule {
  trust: ProxyTrust;
  of(req: http.IncomingMessage): string;
}

export function clientAddressRule(trustProxy: Config['trustProxy']): ClientAddressRule {
  const trust: ProxyTrust =
    typeof trustProxy === 'number' ? (_address, hop) => hop < trustProxy : proxyAddr.compile(trustProxy || []);
  return { trust, of: (req) => proxyAddr(req, trust) };
}
