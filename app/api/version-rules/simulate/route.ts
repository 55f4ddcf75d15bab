import { apiRoute } from '@/server/http/api';
import { evaluateClientVersion } from '@/lib/version-rules/evaluate';
import { findRulesFor } from '@/server/version-rules/repository';
import { clientVersionRequestSchema } from '@/server/version-rules/rule-input';

/** The exact payload the XMPP service would answer: same lookup, same function. Reading only, so viewers may use it. */
export const POST = apiRoute({ role: 'viewer', body: clientVersionRequestSchema }, async ({ db, body }) => ({
  payload: evaluateClientVersion(await findRulesFor(db, body.osCode, body.packageName), body),
}));
