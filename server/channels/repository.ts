import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { channelSubscriptions, channels } from '@/db/schema';

/**
 * Channel queries the XMPP worker runs for a user. A subscription is keyed by the user's bare JID
 * as the server authenticated it; every function takes the domain, so a user only ever sees and
 * joins the channels of their own domain.
 */
export type Channel = typeof channels.$inferSelect;

export async function listChannelNames(db: DbOrTx, domainId: number): Promise<string[]> {
  const rows = await db.select({ name: channels.name }).from(channels).where(eq(channels.domainId, domainId)).orderBy(asc(channels.name));
  return rows.map((row) => row.name);
}

export async function listSubscribedChannelNames(db: DbOrTx, domainId: number, userJid: string): Promise<string[]> {
  const rows = await db
    .select({ name: channels.name })
    .from(channels)
    .innerJoin(channelSubscriptions, eq(channelSubscriptions.channelId, channels.id))
    .where(and(eq(channels.domainId, domainId), eq(channelSubscriptions.userJid, userJid)))
    .orderBy(asc(channels.name));
  return rows.map((row) => row.name);
}

export async function findChannel(db: DbOrTx, domainId: number, name: string): Promise<Channel | undefined> {
  const [channel] = await db
    .select()
    .from(channels)
    .where(and(eq(channels.domainId, domainId), eq(channels.name, name)));
  return channel;
}

/** Idempotent: subscribing twice leaves one subscription. */
export async function subscribe(db: DbOrTx, channelId: number, userJid: string): Promise<void> {
  await db.insert(channelSubscriptions).values({ channelId, userJid }).onConflictDoNothing();
}

/** Idempotent: unsubscribing when not subscribed changes nothing. */
export async function unsubscribe(db: DbOrTx, channelId: number, userJid: string): Promise<void> {
  await db
    .delete(channelSubscriptions)
    .where(and(eq(channelSubscriptions.channelId, channelId), eq(channelSubscriptions.userJid, userJid)));
}
