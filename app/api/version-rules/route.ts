import { apiRoute } from '@/server/http/api';
import { createRule, listRules } from '@/server/version-rules/rules';
import { versionRuleInputSchema } from '@/server/version-rules/rule-input';

export const GET = apiRoute({}, async ({ db }) => ({ rules: await listRules(db) }));

export const POST = apiRoute({ body: versionRuleInputSchema }, async ({ db, actor, body }) => ({
  rule: await createRule(db, actor, body),
}));
