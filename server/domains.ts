import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { domains } from '@/db/schema';
import { announceChange } from './changes';

export type Domain = typeof domains.$inferSelect;

export async function findDomain(db: DbOrTx, name: string): Promise<Domain | undefined> {
  const [domain] = await db.select().from(domains).where(eq(domains.name, name.toLowerCase()));
  return domain;
}

export async function ensureDomain(db: DbOrTx, name: string): Promise<Domain> {
  const [created] = await db.insert(domains).values({ name: name.toLowerCase() }).onConflictDoNothing().returning({ id: domains.id });
  // A worker that refused this domain's users serves them from now on.
  if (created) await announceChange(db, { kind: 'domains' });
  const domain = await findDomain(db, name);
  if (!domain) throw new Error(`domain ${name} vanished right after it was created`);
  return domain;
}

export async function listDomains(db: DbOrTx): Promise<Domain[]> {
  return db.select().from(domains).orderBy(domains.name);
}
