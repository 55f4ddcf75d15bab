import { newOperatorSchema } from '@/server/auth/inputs';
import { apiRoute } from '@/server/http/api';
import { createOperator, listOperators } from '@/server/operators/repository';

export const GET = apiRoute({ role: 'admin' }, async ({ db }) => ({ operators: await listOperators(db) }));

export const POST = apiRoute({ role: 'admin', body: newOperatorSchema }, async ({ db, actor, body }) => ({
  operator: await createOperator(db, actor, body),
}));
