import { buddiesRoute } from '@/server/http/buddies-route';
import { listVersions } from '@/server/buddies/versions';

export const GET = buddiesRoute({}, async ({ db, domain }) => ({ versions: await listVersions(db, domain.id) }));
