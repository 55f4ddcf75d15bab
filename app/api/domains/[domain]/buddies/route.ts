import { loadDraftView } from '@/server/buddies/draft';
import { buddiesRoute } from '@/server/http/buddies-route';

/** The draft tree with the revision the next edit must send back. */
export const GET = buddiesRoute({}, async ({ db, domain }) => loadDraftView(db, domain));
