import { channelChangeSchema, deleteChannel, findChannelRow, listSubscribers, updateChannel } from '@/server/channels/admin';
import { apiRoute } from '@/server/http/api';
import { domainParam, idParam, pageParam } from '@/server/http/params';

/** The channel with one page of its subscribers (`?q=` filters by JID, `?page=`). */
export const GET = apiRoute({}, async ({ db, params, searchParams }) => {
  const domain = await domainParam(db, params.domain);
  const channel = await findChannelRow(db, domain.id, idParam(params.id, 'channel'));
  const subscribers = await listSubscribers(db, channel.id, { search: searchParams.get('q') ?? '', page: pageParam(searchParams) });
  return { channel, ...subscribers };
});

export const PATCH = apiRoute({ body: channelChangeSchema }, async ({ db, actor, body, params }) => {
  const domain = await domainParam(db, params.domain);
  return { channel: await updateChannel(db, actor, domain.id, idParam(params.id, 'channel'), body) };
});

export const DELETE = apiRoute({}, async ({ db, actor, params }) => {
  const domain = await domainParam(db, params.domain);
  const deleted = await deleteChannel(db, actor, domain.id, idParam(params.id, 'channel'));
  return { deleted: { name: deleted.name, subscribers: deleted.subscribers } };
});
