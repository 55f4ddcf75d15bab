import { Suspense } from 'react';
import { ChannelDetail } from '@/components/channels/channel-detail';

export const metadata = { title: 'Channel · xmpp-service' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense>
      <ChannelDetail id={id} />
    </Suspense>
  );
}
