/**
 * The session cookie's name. Kept free of Node imports: middleware.ts (edge runtime) reads it to
 * redirect visitors without a cookie; the real check happens on the server against the database.
 */
export const sessionCookieName = 'xs_session';

export const sessionLifetimeMs = 12 * 60 * 60 * 1000;

export interface CookieSpec {
  name: string;
  value: string;
  httpOnly: true;
  sameSite: 'lax';
  secure: boolean;
  path: '/';
  maxAge: number;
}

/** httpOnly: scripts never see it; SameSite=Lax: other sites cannot make the browser send it with a POST. */
export function sessionCookie(token: string, secure: boolean, maxAgeMs = sessionLifetimeMs): CookieSpec {
  return { name: sessionCookieName, value: token, httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: Math.floor(maxAgeMs / 1000) };
}

export function clearedSessionCookie(secure: boolean): CookieSpec {
  return sessionCookie('', secure, 0);
}

/** Marks the cookie Secure when the console is reached over HTTPS (directly or behind a proxy). */
export function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
}

/** The value of one cookie in a Cookie header. */
export function readCookie(cookieHeader: string | null, name: string): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}
