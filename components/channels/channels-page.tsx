'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { apiFetch } from '../api';
import { ConfirmDialog } from '../dialog';
import { useSelectedDomain } from '../domain-switcher';
import { DataTable, EditDeleteActions, ErrorBanners, PageHeader } from '../console-ui';
import { useCan } from '../operator';
import { ChannelForm } from './channel-form';
import { channelsKey, channelsUrl, type ChannelRow } from './types';
import '../console-pages.css';

type Editing = { kind: 'new' } | { kind: 'edit'; channel: ChannelRow } | undefined;

export function ChannelsPage() {
  const domain = useSelectedDomain();
  return domain ? <DomainChannels key={domain} domain={domain} /> : <p className="muted">Loading domains…</p>;
}

function DomainChannels({ domain }: { domain: string }) {
  const canEdit = useCan('editor');
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Editing>();
  const [deleting, setDeleting] = useState<ChannelRow>();
  const channels = useQuery({ queryKey: channelsKey(domain), queryFn: () => apiFetch<{ channels: ChannelRow[] }>(channelsUrl(domain)) });
  const remove = useMutation({
    mutationFn: (channel: ChannelRow) => apiFetch(`${channelsUrl(domain)}/${channel.id}`, { method: 'DELETE' }),
    onSuccess: async () => {
      setDeleting(undefined);
      await queryClient.invalidateQueries({ queryKey: channelsKey(domain) });
    },
  });
  // Only a channel with subscribers is worth a question: deleting an empty one loses nothing.
  const askOrDelete = (channel: ChannelRow) => (channel.subscribers > 0 ? setDeleting(channel) : remove.mutate(channel));

  return (
    <div>
      <PageHeader title={`Channels of ${domain}`}>
        {canEdit && (
          <button type="button" className="primary" onClick={() => setEditing({ kind: 'new' })} disabled={editing !== undefined}>
            New channel
          </button>
        )}
      </PageHeader>
      <p className="muted">
        Clients of {domain} list these names with <code>cmd_get_channels</code> and subscribe with <code>cmd_subscribe_to_channel</code>.
      </p>
      {editing && (
        <ChannelForm
          key={editing.kind === 'edit' ? editing.channel.id : 'new'}
          domain={domain}
          channel={editing.kind === 'edit' ? editing.channel : undefined}
          onDone={() => setEditing(undefined)}
        />
      )}
      <ErrorBanners errors={[channels, remove]} />
      <DataTable label="Channels" columns={['Name', 'Description', { label: 'Subscribers', numeric: true }, ...(canEdit ? [''] : [])]}>
        {channels.data?.channels.length === 0 && (
          <tr>
            <td colSpan={4} className="muted">
              No channels yet in {domain}.
            </td>
          </tr>
        )}
        {channels.data?.channels.map((channel) => (
          <tr key={channel.id} aria-label={channel.name}>
            <td>
              <Link href={`/channels/${channel.id}?domain=${encodeURIComponent(domain)}`}>{channel.name}</Link>
            </td>
            <td>{channel.description || <span className="muted">—</span>}</td>
            <td className="number" data-testid="subscriber-count">
              {channel.subscribers}
            </td>
            {canEdit && (
              <EditDeleteActions
                onEdit={() => setEditing({ kind: 'edit', channel })}
                onDelete={() => askOrDelete(channel)}
                busy={remove.isPending}
              />
            )}
          </tr>
        ))}
      </DataTable>
      {deleting && (
        <ConfirmDialog
          title={`Delete channel ${deleting.name}?`}
          confirmLabel="Delete channel"
          busy={remove.isPending}
          onConfirm={() => remove.mutate(deleting)}
          onCancel={() => setDeleting(undefined)}
        >
          <p style={{ margin: 0 }}>
            {deleting.subscribers === 1 ? 'One user is' : `${deleting.subscribers} users are`} subscribed. Their subscriptions are deleted
            with the channel.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
