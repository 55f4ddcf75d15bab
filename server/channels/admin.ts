import { and, asc, count, eq, ilike, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { channelSubscriptions, channels } from '@/db/schema';
import { recordAudit, type Actor } from '../audit';
import { Refusal } from '../../lib/refusal';
import { announceChange } from '../changes';

/**
 * Console-only channel management. Clients see the same rows through cmd_get_channels (the
 * worker's server/channels/repository.ts): a channel's name is what they subscribe with.
 */
export type Channel = typeof channels.$inferSelect;
export interface ChannelRow extends Channel {
  subscribers: number;
}

export const channelNameSchema = z.string().trim().min(1, 'Name the channel.').max(100, 'At most 100 characters.');
export const channelInputSchema = z.object({
  name: channelNameSchema,
  description: z.string().trim().max(1000, 'At most 1000 characters.').default(''),
});
export const channelChangeSchema = channelInputSchema.partial();
export type ChannelInput = z.infer<typeof channelInputSchema>;

const subscriberCount =
  sql<number>`(SELECT count(*) FROM ${channelSubscriptions} WHERE ${channelSubscriptions.channelId} = ${channels.id})`.mapWith(Number);

export async function listChannelsWithCounts(db: DbOrTx, domainId: number): Promise<ChannelRow[]> {
  const rows = await db
    .select({ channel: channels, subscribers: subscriberCount })
    .from(channels)
    .where(eq(channels.domainId, domainId))
    .orderBy(asc(channels.name));
  return rows.map((row) => ({ ...row.channel, subscribers: row.subscribers }));
}

export async function findChannelRow(db: DbOrTx, domainId: number, id: number): Promise<ChannelRow> {
  const [row] = await db
    .select({ channel: channels, subscribers: subscriberCount })
    .from(channels)
    .where(and(eq(channels.domainId, domainId), eq(channels.id, id)));
  if (!row) throw new Refusal(404, `There is no channel #${id} in this domain.`);
  return { ...row.channel, subscribers: row.subscribers };
}

export async function findChannelByName(db: DbOrTx, domainId: number, name: string): Promise<ChannelRow> {
  const [channel] = await db
    .select({ id: channels.id })
    .from(channels)
    .where(and(eq(channels.domainId, domainId), eq(channels.name, name)));
  if (!channel) throw new Refusal(404, `There is no channel named "${name}" in this domain.`);
  return findChannelRow(db, domainId, channel.id);
}

function nameTaken(name: string): Refusal {
  return new Refusal(409, `A channel named "${name}" already exists in this domain.`, [{ path: 'name', message: 'This name is taken.' }]);
}

export async function createChannel(db: DbOrTx, actor: Actor, domainId: number, input: ChannelInput): Promise<Channel> {
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(channels)
      .values({ domainId, ...input })
      .onConflictDoNothing()
      .returning();
    if (!created) throw nameTaken(input.name);
    await recordAudit(tx, actor, { domainId, objectType: 'channel', objectId: created.id, action: 'create', after: created });
    await announceChange(tx, { kind: 'channels', domainId });
    return created;
  });
}

/** Rename and/or describe. Subscriptions follow the channel's id, so a rename keeps its subscribers. */
export async function updateChannel(
  db: DbOrTx,
  actor: Actor,
  domainId: number,
  id: number,
  change: Partial<ChannelInput>,
): Promise<Channel> {
  return db.transaction(async (tx) => {
    const before = await findChannelRow(tx, domainId, id);
    if (change.name !== undefined && change.name !== before.name) {
      const [clash] = await tx
        .select({ id: channels.id })
        .from(channels)
        .where(and(eq(channels.domainId, domainId), eq(channels.name, change.name)));
      if (clash) throw nameTaken(change.name);
    }
    const [after] = await tx.update(channels).set(change).where(eq(channels.id, id)).returning();
    const action = change.name !== undefined && change.name !== before.name ? 'rename' : 'update';
    // Both sides carry the subscriber count, so the entry says how many people the change reached.
    await recordAudit(tx, actor, {
      domainId,
      objectType: 'channel',
      objectId: id,
      action,
      before,
      after: { ...after, subscribers: before.subscribers },
    });
    await announceChange(tx, { kind: 'channels', domainId });
    return after!;
  });
}

/** Deletes the channel and its subscriptions; the audit entry keeps how many subscribers it had. */
export async function deleteChannel(db: DbOrTx, actor: Actor, domainId: number, id: number): Promise<ChannelRow> {
  return db.transaction(async (tx) => {
    const before = await findChannelRow(tx, domainId, id);
    await tx.delete(channels).where(eq(channels.id, id));
    await recordAudit(tx, actor, { domainId, objectType: 'channel', objectId: id, action: 'delete', before });
    await announceChange(tx, { kind: 'channels', domainId });
    return before;
  });
}

export interface SubscriberPage {
  subscribers: { userJid: string; createdAt: Date }[];
  total: number;
  page: number;
  pageSize: number;
}

/** A page of a channel's subscribers, newest first, optionally filtered by a part of the JID. */
export async function listSubscribers(
  db: DbOrTx,
  channelId: number,
  options: { search?: string; page?: number; pageSize?: number } = {},
): Promise<SubscriberPage> {
  const pageSize = Math.min(Math.max(options.pageSize ?? 25, 1), 200);
  const page = Math.max(options.page ?? 1, 1);
  const search = options.search?.trim();
  const where = and(
    eq(channelSubscriptions.channelId, channelId),
    search ? ilike(channelSubscriptions.userJid, `%${search.replace(/[\\%_]/g, '\\$&')}%`) : undefined,
  );
  const [totals] = await db.select({ total: count() }).from(channelSubscriptions).where(where);
  const subscribers = await db
    .select({ userJid: channelSubscriptions.userJid, createdAt: channelSubscriptions.createdAt })
    .from(channelSubscriptions)
    .where(where)
    .orderBy(sql`${channelSubscriptions.createdAt} DESC`, asc(channelSubscriptions.userJid))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { subscribers, total: totals?.total ?? 0, page, pageSize };
}
