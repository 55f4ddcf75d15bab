import { diffTrees } from '@/lib/buddies/diff';
import { buddiesRoute, treeRefParam } from '@/server/http/buddies-route';
import { loadTree } from '@/server/buddies/versions';

/** `?from=3&to=draft`: what changed from one version (or the draft) to another. */
export const GET = buddiesRoute({}, async ({ db, domain, searchParams }) => {
  const from = treeRefParam(searchParams.get('from'));
  const to = treeRefParam(searchParams.get('to'));
  return { from, to, diff: diffTrees(await loadTree(db, domain.id, from), await loadTree(db, domain.id, to)) };
});
