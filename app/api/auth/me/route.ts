import { apiRoute } from '@/server/http/api';

export const GET = apiRoute({}, async ({ operator }) => ({ operator }));
