import { readCookie, sessionCookieName } from '@/server/auth/cookie';
import { signedOutResponse } from '@/server/auth/responses';
import { revokeSession } from '@/server/auth/sessions';
import { publicApiRoute } from '@/server/http/api';

/** Public so that a browser holding an expired cookie can still clear it. */
export const POST = publicApiRoute({}, async ({ db, request }) => {
  const token = readCookie(request.headers.get('cookie'), sessionCookieName);
  if (token) await revokeSession(db, token);
  return signedOutResponse(request);
});
