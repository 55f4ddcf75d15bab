import { StatusPage } from '@/components/status/status-page';

export const metadata = { title: 'Service status · xmpp-service' };

export default function Page() {
  return <StatusPage />;
}
