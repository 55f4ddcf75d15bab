import { apiRoute } from '@/server/http/api';
import { listDomains } from '@/server/domains';

export const GET = apiRoute({}, async ({ db }) => ({ domains: await listDomains(db) }));
