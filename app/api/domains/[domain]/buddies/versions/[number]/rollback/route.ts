import { Refusal } from '@/lib/refusal';
import { buddiesRoute, revisionBody, treeRefParam } from '@/server/http/buddies-route';
import { rollbackTo } from '@/server/buddies/versions';

/** Publishes version `number` again as a new version and loads it into the draft. */
export const POST = buddiesRoute({ role: 'editor', body: revisionBody }, async ({ db, domain, actor, body, params }) => {
  const number = treeRefParam(params.number);
  if (typeof number !== 'number') throw new Refusal(400, 'Roll back to a version number.');
  return rollbackTo(db, domain.id, number, body.revision, actor);
});
