import { NextResponse } from 'next/server';
import { clearedSessionCookie, isHttps, sessionCookie } from './cookie';
import type { OperatorView } from './sessions';

export function signedInResponse(request: Request, token: string, operator: OperatorView): NextResponse {
  const response = NextResponse.json({ operator });
  response.cookies.set(sessionCookie(token, isHttps(request)));
  return response;
}

export function signedOutResponse(request: Request): NextResponse {
  const response = NextResponse.json({ ok: true });
  response.cookies.set(clearedSessionCookie(isHttps(request)));
  return response;
}

/** 429 with the wait in words and in `Retry-After`, so a person and a script both know when to try again. */
export function throttledResponse(retryAfterMs: number, what: string): NextResponse {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const wait = seconds === 1 ? '1 second' : `${seconds} seconds`;
  return NextResponse.json(
    { error: `Too many ${what}. Try again in ${wait}.` },
    { status: 429, headers: { 'retry-after': String(seconds) } },
  );
}
