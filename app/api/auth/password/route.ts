import { Refusal } from '@/lib/refusal';
import { z } from 'zod';
import { clientAddress } from '@/server/auth/client-address';
import { readCookie, sessionCookieName } from '@/server/auth/cookie';
import { throttledResponse } from '@/server/auth/responses';
import { newPasswordSchema } from '@/server/auth/inputs';
import { apiRoute } from '@/server/http/api';
import { changeOwnPassword } from '@/server/operators/repository';

const passwordChangeSchema = z.object({
  currentPassword: z.string().min(1, 'Enter your current password.').max(1000),
  newPassword: newPasswordSchema,
});

/** Any signed-in operator changes their own password. */
export const POST = apiRoute({ role: 'viewer', body: passwordChangeSchema }, async ({ db, operator, body, request }) => {
  const result = await changeOwnPassword(db, operator, {
    ...body,
    sessionToken: readCookie(request.headers.get('cookie'), sessionCookieName) ?? '',
    clientAddress: clientAddress(request),
  });
  if (result.kind === 'throttled') return throttledResponse(result.retryAfterMs, 'wrong passwords');
  if (result.kind === 'wrong-password') {
    throw new Refusal(400, 'Your password was not changed.', [{ path: 'currentPassword', message: 'This is not your current password.' }]);
  }
  return { revokedSessions: result.revokedSessions };
});
