import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog } from '@/db/schema';
import type { Actor } from '@/server/audit';
import { evaluateClientVersion } from '@/lib/version-rules/evaluate';
import { findRulesFor } from '@/server/version-rules/repository';
import { createRule, deleteRule, listRules, setRule, updateRule } from '@/server/version-rules/rules';
import { versionRuleInputSchema, type VersionRuleInput } from '@/server/version-rules/rule-input';
import { databaseKinds } from '../support/databases';
import { useTestDb } from './database-hooks';

const actor: Actor = { label: 'tester@example.test', operatorId: null };
const input = versionRuleInputSchema.parse({
  osCode: ' android ',
  packageName: 'it.example.chat',
  minBuild: 100,
  minApiVersion: 2,
  recommendedBuild: 150,
  downloadLink: 'https://example.org/app.apk',
  mustUpgradeMessage: 'Update now',
  shouldUpgradeMessage: 'Update soon',
});

describe('version rule validation', () => {
  const issues = (change: Partial<Record<keyof VersionRuleInput, unknown>>) =>
    versionRuleInputSchema.safeParse({ ...input, ...change }).error?.issues.map((issue) => issue.path.join('.')) ?? [];

  it('stores OS codes upper-case', () => expect(input.osCode).toBe('ANDROID'));
  it('refuses a recommended build below the minimum, accepts equal', () => {
    expect(issues({ recommendedBuild: 99 })).toEqual(['recommendedBuild']);
    expect(issues({ recommendedBuild: 100 })).toEqual([]);
    expect(issues({ minBuild: null, recommendedBuild: 1 })).toEqual([]);
  });
  it('refuses a link that is not http(s), blank names and messages, negative limits', () => {
    expect(issues({ downloadLink: 'not a link' })).toEqual(['downloadLink']);
    expect(issues({ downloadLink: 'javascript:alert(1)' })).toEqual(['downloadLink']);
    expect(issues({ osCode: ' ', packageName: '', mustUpgradeMessage: ' ', shouldUpgradeMessage: '' })).toEqual([
      'osCode',
      'packageName',
      'mustUpgradeMessage',
      'shouldUpgradeMessage',
    ]);
    expect(issues({ minBuild: -1, minApiVersion: 1.5 })).toEqual(['minBuild', 'minApiVersion']);
  });
});

describe.each(databaseKinds)('version rules on %s', (kind) => {
  const db = useTestDb(kind);

  it('creates, finds ignoring OS case, updates, refuses duplicates and deletes; all audited', async () => {
    const rule = await createRule(db(), actor, input);
    await expect(createRule(db(), actor, input)).rejects.toMatchObject({ status: 409 });

    const found = await findRulesFor(db(), 'Android', 'it.example.chat');
    expect(found.map((row) => row.id)).toEqual([rule.id]);
    expect(await findRulesFor(db(), 'ANDROID', 'IT.EXAMPLE.CHAT')).toEqual([]);
    expect(evaluateClientVersion(found, { osCode: 'android', packageName: 'it.example.chat', buildNumber: 120, apiVersion: 2 })).toEqual({
      status: 1,
      errorCode: null,
      errorMessage: [{ message: 'Update soon', downloadLink: 'https://example.org/app.apk' }],
    });

    const ios = await createRule(db(), actor, { ...input, osCode: 'IOS' });
    await expect(updateRule(db(), actor, ios.id, input)).rejects.toMatchObject({ status: 409 });
    const updated = await updateRule(db(), actor, rule.id, { ...input, minBuild: 120 });
    expect(updated.minBuild).toBe(120);
    const replaced = await setRule(db(), actor, { ...input, recommendedBuild: 200 });
    expect(replaced).toMatchObject({ id: rule.id, minBuild: 100, recommendedBuild: 200 });
    await deleteRule(db(), actor, ios.id);
    expect((await listRules(db())).map((row) => row.osCode)).toEqual(['ANDROID']);
    await expect(deleteRule(db(), actor, ios.id)).rejects.toMatchObject({ status: 404 });

    const audit = await db().select().from(auditLog).where(eq(auditLog.objectType, 'version_rule')).orderBy(auditLog.id);
    expect(audit.map((entry) => [entry.objectId, entry.action])).toEqual([
      [String(rule.id), 'create'],
      [String(ios.id), 'create'],
      [String(rule.id), 'update'],
      [String(rule.id), 'update'],
      [String(ios.id), 'delete'],
    ]);
    expect(audit[2]).toMatchObject({ actor: actor.label, before: { minBuild: 100 }, after: { minBuild: 120 } });
  });
});
