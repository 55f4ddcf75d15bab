import { channelInputSchema, createChannel, listChannelsWithCounts } from '@/server/channels/admin';
import { apiRoute } from '@/server/http/api';
import { domainParam } from '@/server/http/params';

export const GET = apiRoute({}, async ({ db, params }) => {
  const domain = await domainParam(db, params.domain);
  return { channels: await listChannelsWithCounts(db, domain.id) };
});

export const POST = apiRoute({ body: channelInputSchema }, async ({ db, actor, body, params }) => {
  const domain = await domainParam(db, params.domain);
  return { channel: await createChannel(db, actor, domain.id, body) };
});
