import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new hook's secret: 32 random bytes, hex, with a prefix that says what it is when it turns up in a file. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('hex')}`;
}

/** `sha256=<hex>` of HMAC-SHA256 over "<timestamp>.<body>", the value of X-Jiceng-Signature. */
export function signDelivery(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does (README, "Webhooks"): recompute, compare in constant time. */
export function verifyDelivery(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(signDelivery(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
