import { NextResponse, type NextRequest } from 'next/server';
import { sessionCookieName } from '@/server/auth/cookie';

/**
 * A cheap first gate (edge runtime, no database): a page request without a session cookie goes to
 * /sign-in. Whether the cookie is still a valid session is checked on the server by the console
 * layout and by every API route, which answer 401 JSON themselves.
 */
export function middleware(request: NextRequest) {
  if (request.cookies.has(sessionCookieName)) return NextResponse.next();
  // The host as the browser named it: behind the custom server, request.url says "localhost".
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? request.nextUrl.host;
  const protocol = request.headers.get('x-forwarded-proto') ?? request.nextUrl.protocol.replace(':', '');
  const signIn = new URL('/sign-in', `${protocol}://${host}`);
  const wanted = request.nextUrl.pathname + request.nextUrl.search;
  if (wanted !== '/') signIn.searchParams.set('next', wanted);
  return NextResponse.redirect(signIn);
}

export const config = {
  matcher: ['/((?!api/|_next/|sign-in|setup|favicon.ico|icon.svg).*)'],
};
