/**
 * The address sign-in attempts are counted by. The custom server (server/main.ts) has already
 * replaced whatever `X-Forwarded-For` the client sent by the one address it resolved from the socket
 * and TRUSTED_PROXIES (server/http/forwarding.ts), so it is a fact here, not a claim.
 */
export function clientAddress(request: Request): string {
  return request.headers.get('x-forwarded-for') || 'unknown';
}
