'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';

const links = [
  { href: '/buddies', label: 'Buddies' },
  { href: '/channels', label: 'Channels' },
  { href: '/version-rules', label: 'Version rules' },
  { href: '/audit', label: 'Audit' },
  { href: '/status', label: 'Service status' },
  { href: '/operators', label: 'Operators' },
];

export function Nav() {
  const pathname = usePathname();
  const domain = useSearchParams().get('domain');
  const suffix = domain ? `?domain=${encodeURIComponent(domain)}` : '';
  return (
    <nav className="sidebar" aria-label="Console">
      <div className="brand">xmpp-service</div>
      {links.map((link) => (
        <Link key={link.href} href={link.href + suffix} aria-current={pathname.startsWith(link.href) ? 'page' : undefined}>
          {link.label}
        </Link>
      ))}
    </nav>
  );
}
