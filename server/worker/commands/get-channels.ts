import { z } from 'zod';
import { listSubscribedChannelNames } from '../../channels/repository';
import { defineCommand } from '../command';
import { ok } from '@/lib/protocol/response';

/**
 * cmd_get_channels: the names of the sender's domain's channels (kept in memory until the console
 * changes them), or only those the sender joined.
 */
export const getChannels = defineCommand({
  name: 'cmd_get_channels',
  payload: z.object({ onlySubscribed: z.boolean().default(false) }),
  async handle({ onlySubscribed }, ctx) {
    const channelList = onlySubscribed
      ? await listSubscribedChannelNames(ctx.db, ctx.domain.id, ctx.sender.bare)
      : await ctx.served.channels(ctx.domain.id);
    return ok({ channelList });
  },
});
