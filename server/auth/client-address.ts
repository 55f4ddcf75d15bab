/** The address sign-in attempts are counted by: the first X-Forwarded-For hop (Next.js fills it from the socket when no proxy did). */
export function clientAddress(request: Request): string {
  return request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || 'unknown';
}
