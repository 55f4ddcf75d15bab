import { VersionRulesPage } from '@/components/version-rules/version-rules-page';

export const metadata = { title: 'Version rules · xmpp-service' };

export default function Page() {
  return <VersionRulesPage />;
}
