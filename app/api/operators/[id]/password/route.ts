import { z } from 'zod';
import { newPasswordSchema } from '@/server/auth/inputs';
import { apiRoute } from '@/server/http/api';
import { idParam } from '@/server/http/params';
import { resetOperatorPassword } from '@/server/operators/repository';

/** An admin sets a new password for an operator who lost theirs. */
export const POST = apiRoute({ role: 'admin', body: z.object({ password: newPasswordSchema }) }, async ({ db, actor, params, body }) => ({
  operator: await resetOperatorPassword(db, actor, idParam(params.id, 'operator'), body.password),
}));
