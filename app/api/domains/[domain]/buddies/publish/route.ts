import { buddiesRoute, revisionBody } from '@/server/http/buddies-route';
import { publishReviewedDraft } from '@/server/buddies/versions';

/** Publishes the draft at the revision the operator reviewed the diff of. */
export const POST = buddiesRoute({ role: 'editor', body: revisionBody }, async ({ db, domain, actor, body }) =>
  publishReviewedDraft(db, domain.id, body.revision, actor),
);
