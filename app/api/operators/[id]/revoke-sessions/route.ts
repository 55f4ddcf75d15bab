import { apiRoute } from '@/server/http/api';
import { idParam } from '@/server/http/params';
import { revokeSessionsOf } from '@/server/operators/repository';

export const POST = apiRoute({ role: 'admin' }, async ({ db, actor, params }) => ({
  revoked: await revokeSessionsOf(db, actor, idParam(params.id, 'operator')),
}));
