import { Refusal } from '@/lib/refusal';
import { z } from 'zod';
import { signedInResponse } from '@/server/auth/responses';
import { newPasswordSchema } from '@/server/auth/inputs';
import { createSession } from '@/server/auth/sessions';
import { publicApiRoute } from '@/server/http/api';
import { log } from '@/server/log';
import { createFirstAdmin } from '@/server/operators/repository';

const setupSchema = z.object({
  email: z.email('Enter a valid email address.').max(320),
  name: z.string().trim().max(200).default(''),
  password: newPasswordSchema,
});

/** First run only: creates the first admin and signs them in; refused once any operator exists. */
export const POST = publicApiRoute({ body: setupSchema }, async ({ db, body, request }) => {
  const admin = await createFirstAdmin(db, body);
  if (!admin) throw new Refusal(409, 'The console is already set up. Sign in instead.');
  log.info('admin.created', { email: admin.email, via: 'setup page' });
  const token = await createSession(db, admin.id, request.headers.get('user-agent') ?? '');
  return signedInResponse(request, token, admin);
});
