import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { versionRules } from '@/db/schema';
import type { VersionRule } from '../../lib/version-rules/evaluate';

/** The rules that can answer a client: same OS code ignoring case, same package name exactly. */
export async function findRulesFor(db: DbOrTx, osCode: string, packageName: string): Promise<VersionRule[]> {
  return db
    .select()
    .from(versionRules)
    .where(and(sql`upper(${versionRules.osCode}) = upper(${osCode})`, eq(versionRules.packageName, packageName)));
}
