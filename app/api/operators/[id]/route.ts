import { z } from 'zod';
import { roles } from '@/lib/auth/roles';
import { apiRoute } from '@/server/http/api';
import { idParam } from '@/server/http/params';
import { changeOperatorRole, setOperatorDisabled } from '@/server/operators/repository';

const changeSchema = z.union([z.object({ role: z.enum(roles) }), z.object({ disabled: z.boolean() })]);

export const PATCH = apiRoute({ role: 'admin', body: changeSchema }, async ({ db, actor, body, params }) => {
  const id = idParam(params.id, 'operator');
  const operator =
    'role' in body ? await changeOperatorRole(db, actor, id, body.role) : await setOperatorDisabled(db, actor, id, body.disabled);
  return { operator };
});
