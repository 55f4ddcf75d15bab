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
