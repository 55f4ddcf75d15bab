import { Refusal } from '@/lib/refusal';
import { clientAddress } from '@/server/auth/client-address';
import { signedInResponse, throttledResponse } from '@/server/auth/responses';
import { credentialsSchema } from '@/server/auth/inputs';
import { signIn } from '@/server/auth/sign-in';
import { publicApiRoute } from '@/server/http/api';
import { log } from '@/server/log';

export const POST = publicApiRoute({ body: credentialsSchema }, async ({ db, body, request }) => {
  const address = clientAddress(request);
  const result = await signIn(db, { ...body, clientAddress: address, userAgent: request.headers.get('user-agent') ?? '' });
  if (result.kind === 'throttled') {
    log.warn('sign_in.throttled', { email: body.email, address, retryAfterMs: result.retryAfterMs });
    return throttledResponse(result.retryAfterMs, 'failed sign-ins');
  }
  if (result.kind === 'refused') {
    log.info('sign_in.refused', { email: body.email, address });
    throw new Refusal(401, 'That email and password do not match an enabled operator.');
  }
  log.info('sign_in.ok', { operator: result.operator.email, address });
  return signedInResponse(request, result.token, result.operator);
});
