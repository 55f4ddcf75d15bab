'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { useCan } from './operator';

const links = [
  { href: '/buddies', label: 'Buddies' },
  { href: '/channels', label: 'Channels' },
  { href: '/version-rules', label: 'Version rules' },
  { href: '/audit', label: 'Audit' },
  { href: '/status', label: 'Service status' },
  { href: '/operators', label: 'Operators', adminOnly: true },
];

export function Nav() {
  const pathname = usePathname();
  const domain = useSearchParams().get('domain');
  const suffix = domain ? `?domain=${encodeURIComponent(domain)}` : '';
  const isAdmin = useCan('admin');
  return (
    <nav className="sidebar" aria-label="Console">
      <div className="brand">xmpp-service</div>
      {links
        .filter((link) => isAdmin || !link.adminOnly)
        .map((link) => (
          <Link key={link.href} href={link.href + suffix} aria-current={pathname.startsWith(link.href) ? 'page' : undefined}>
            {link.label}
          </Link>
        ))}
    </nav>
  );
}
