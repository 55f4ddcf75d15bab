import { apiRoute } from '@/server/http/api';
import { idParam } from '@/server/http/params';
import { deleteRule, updateRule } from '@/server/version-rules/rules';
import { versionRuleInputSchema } from '@/server/version-rules/rule-input';

export const PUT = apiRoute({ body: versionRuleInputSchema }, async ({ db, actor, body, params }) => ({
  rule: await updateRule(db, actor, idParam(params.id, 'version rule'), body),
}));

export const DELETE = apiRoute({}, async ({ db, actor, params }) => {
  await deleteRule(db, actor, idParam(params.id, 'version rule'));
  return { ok: true };
});
