import { publicApiRoute } from '@/server/http/api';
import { sql } from 'drizzle-orm';

/** Liveness for load balancers and the test runner: answers once the database is reachable, without a session. */
export const GET = publicApiRoute({}, async ({ db }) => {
  await db.execute(sql`SELECT 1`);
  return { ok: true };
});
