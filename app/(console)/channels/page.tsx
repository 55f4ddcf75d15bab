import { Suspense } from 'react';
import { ChannelsPage } from '@/components/channels/channels-page';

export const metadata = { title: 'Channels · xmpp-service' };

export default function Page() {
  return (
    <Suspense>
      <ChannelsPage />
    </Suspense>
  );
}
