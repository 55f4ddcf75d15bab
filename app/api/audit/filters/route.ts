import { apiRoute } from '@/server/http/api';
import { auditFilterOptions } from '@/server/operators/audit-trail';

export const GET = apiRoute({}, async ({ db }) => auditFilterOptions(db));
