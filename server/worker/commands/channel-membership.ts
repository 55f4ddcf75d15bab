import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { findChannel } from '../../channels/repository';
import { errorCodes } from '../error-codes';
import { defineCommand } from '../command';
import { failure, ok } from '@/lib/protocol/response';

type Change = (db: DbOrTx, channelId: number, userJid: string) => Promise<void>;

/**
 * The shape shared by cmd_subscribe_to_channel and cmd_unsubscribe_to_channel: `{ channel }`, a
 * name from cmd_get_channels, looked up in the sender's domain only; the change applies to the
 * sender only and is idempotent.
 */
export function channelMembershipCommand(name: string, change: Change) {
  return defineCommand({
    name,
    payload: z.object({ channel: z.string().min(1).max(256) }),
    async handle({ channel }, ctx) {
      const found = await findChannel(ctx.db, ctx.domain.id, channel);
      if (!found) return failure(errorCodes.noChannelFound, `There is no channel "${channel}" in ${ctx.domain.name}.`);
      await change(ctx.db, found.id, ctx.sender.bare);
      return ok();
    },
  });
}
