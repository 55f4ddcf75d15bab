import { z } from 'zod';
import { buddiesRoute } from '@/server/buddies/route';
import { publishReviewedDraft } from '@/server/buddies/versions';

/** Publishes the draft at the revision the operator reviewed the diff of. */
export const POST = buddiesRoute(
  { role: 'editor', body: z.object({ revision: z.number().int().min(0) }) },
  async ({ db, domain, actor, body }) => publishReviewedDraft(db, domain.id, body.revision, actor),
);
