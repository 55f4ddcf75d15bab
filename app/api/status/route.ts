import { apiRoute } from '@/server/http/api';
import { readServiceStatus } from '@/server/status/service-status';

export const GET = apiRoute({}, async ({ db }) => readServiceStatus(db));
