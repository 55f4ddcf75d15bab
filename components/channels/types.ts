export interface ChannelRow {
  id: number;
  name: string;
  description: string;
  subscribers: number;
  createdAt: string;
}

export const channelsKey = (domain: string) => ['channels', domain] as const;
export const channelsUrl = (domain: string) => `/api/domains/${encodeURIComponent(domain)}/channels`;
