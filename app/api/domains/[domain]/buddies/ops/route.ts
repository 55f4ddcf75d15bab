import { editDraft } from '@/server/buddies/draft';
import { draftOpSchema } from '@/lib/buddies/draft-ops';
import { buddiesRoute, revisionBody } from '@/server/http/buddies-route';

/** One edit of the draft; answers the new draft and the operation that undoes the edit. */
export const POST = buddiesRoute(
  { role: 'editor', body: revisionBody.extend({ op: draftOpSchema }) },
  async ({ db, domain, actor, body }) => editDraft(db, domain.id, body.revision, actor, body.op),
);
