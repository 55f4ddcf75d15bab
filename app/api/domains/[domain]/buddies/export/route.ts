import { buddiesRoute, treeRefParam } from '@/server/http/buddies-route';
import { exportJson } from '@/server/buddies/versions';

/** `?version=draft|N`: the spec JSON as a download. */
export const GET = buddiesRoute({}, async ({ db, domain, searchParams }) => {
  const ref = treeRefParam(searchParams.get('version'));
  const name = `buddies-${domain.name}-${typeof ref === 'number' ? `v${ref}` : ref}.json`;
  return new Response(await exportJson(db, domain.id, ref), {
    headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` },
  });
});
