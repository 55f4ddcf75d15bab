import type { Jsonified } from '@/lib/jsonified';
import type { ChannelRow as StoredChannelRow } from '@/server/channels/admin';

/** A channel as the API returns it. */
export type ChannelRow = Jsonified<StoredChannelRow>;

export const channelsKey = (domain: string) => ['channels', domain] as const;
export const channelsUrl = (domain: string) => `/api/domains/${encodeURIComponent(domain)}/channels`;
