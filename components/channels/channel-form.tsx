'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { apiFetch } from '../api';
import { Field, FormActions, FormError } from '../console-ui';
import { fieldErrors } from '../errors';
import { channelsKey, channelsUrl, type ChannelRow } from './types';

interface Props {
  domain: string;
  /** The channel to rename or describe; undefined creates a new one. */
  channel?: ChannelRow;
  onDone(): void;
}

export function ChannelForm({ domain, channel, onDone }: Props) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(channel?.name ?? '');
  const [description, setDescription] = useState(channel?.description ?? '');
  const save = useMutation({
    mutationFn: () =>
      channel
        ? apiFetch(`${channelsUrl(domain)}/${channel.id}`, { method: 'PATCH', json: { name, description } })
        : apiFetch(channelsUrl(domain), { method: 'POST', json: { name, description } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: channelsKey(domain) });
      onDone();
    },
  });
  const errors = fieldErrors(save.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form className="card section" onSubmit={submit} aria-label={channel ? `Edit channel ${channel.name}` : 'New channel'}>
      <FormError error={save.error} />
      <div className="form-grid">
        <Field label="Name" error={errors.name}>
          <input value={name} onChange={(event) => setName(event.target.value)} autoFocus />
        </Field>
        <Field label="Description" style={{ gridColumn: 'span 3' }} error={errors.description}>
          <input value={description} onChange={(event) => setDescription(event.target.value)} />
        </Field>
      </div>
      {channel && name !== channel.name && (
        <p className="muted">Clients that stored the old name must fetch the channel list again; subscribers stay subscribed.</p>
      )}
      <FormActions submitLabel={channel ? 'Save channel' : 'Create channel'} busy={save.isPending} onCancel={onDone} />
    </form>
  );
}
