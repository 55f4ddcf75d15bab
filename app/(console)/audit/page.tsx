import { AuditPage } from '@/components/audit/audit-page';

export const metadata = { title: 'Audit · xmpp-service' };

export default function Page() {
  return <AuditPage />;
}
