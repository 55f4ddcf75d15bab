import { ChangePasswordForm } from '@/components/account/change-password-form';

export const metadata = { title: 'Your account · xmpp-service' };

export default function Page() {
  return <ChangePasswordForm />;
}
