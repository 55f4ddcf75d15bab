import { buddiesRoute } from '@/server/buddies/route';
import { listVersions } from '@/server/buddies/versions';

export const GET = buddiesRoute({}, async ({ db, domain }) => ({ versions: await listVersions(db, domain.id) }));
