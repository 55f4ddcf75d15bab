'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useDeferredValue, useState } from 'react';
import { apiFetch } from '../api';
import { useSelectedDomain } from '../domain-switcher';
import { DataTable, ErrorBanners } from '../console-ui';
import { Pager } from '../pager';
import { channelsKey, channelsUrl, type ChannelRow } from './types';
import '../console-pages.css';
import type { Jsonified } from '@/lib/jsonified';
import type { SubscriberPage as StoredSubscriberPage } from '@/server/channels/admin';

type SubscriberPage = Jsonified<StoredSubscriberPage> & { channel: ChannelRow };

export function ChannelDetail({ id }: { id: string }) {
  const domain = useSelectedDomain();
  return domain ? <Subscribers key={domain} domain={domain} id={id} /> : <p className="muted">Loading domains…</p>;
}

function Subscribers({ domain, id }: { domain: string; id: string }) {
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const query = useDeferredValue(search);
  const result = useQuery({
    queryKey: [...channelsKey(domain), id, query, page],
    queryFn: () =>
      apiFetch<SubscriberPage>(`${channelsUrl(domain)}/${encodeURIComponent(id)}?${new URLSearchParams({ q: query, page: String(page) })}`),
    placeholderData: keepPreviousData,
  });
  const channel = result.data?.channel;

  return (
    <div>
      <p style={{ margin: '0 0 8px' }}>
        <Link href={`/channels?domain=${encodeURIComponent(domain)}`}>← Channels of {domain}</Link>
      </p>
      <h1 className="page-title">{channel ? `Channel ${channel.name}` : 'Channel'}</h1>
      {channel && (
        <p className="muted">
          {channel.description || 'No description.'} · {channel.subscribers} subscribers
        </p>
      )}
      <ErrorBanners errors={[result]} />
      <div className="toolbar">
        <input
          type="search"
          aria-label="Search subscribers"
          placeholder="Search by JID"
          value={search}
          onChange={(event) => {
            setSearch(event.target.value);
            setPage(1);
          }}
        />
      </div>
      <DataTable label="Subscribers" columns={['User', 'Subscribed']}>
        {result.data?.subscribers.map((subscriber) => (
          <tr key={subscriber.userJid}>
            <td>{subscriber.userJid}</td>
            <td className="muted">{new Date(subscriber.createdAt).toLocaleString()}</td>
          </tr>
        ))}
      </DataTable>
      {result.data && <Pager page={result.data.page} pageSize={result.data.pageSize} total={result.data.total} onPage={setPage} />}
    </div>
  );
}
