import { getDb } from '@/db/client';
import { loadDraftNodes, nodesToItems } from '@/server/buddies/repository';
import type { BuddyItem } from '@/server/buddies/spec-json';
import { findDomain, listDomains } from '@/server/domains';

export const dynamic = 'force-dynamic';

function Tree({ items }: { items: BuddyItem[] }) {
  return (
    <ul>
      {items.map((item) => (
        <li key={item.address}>
          <span>{item.info.name}</span> <span className="badge off">{item.type}</span>
          {item.items.length > 0 && <Tree items={item.items} />}
        </li>
      ))}
    </ul>
  );
}

export default async function BuddiesPage({ searchParams }: { searchParams: Promise<{ domain?: string }> }) {
  const db = await getDb();
  const { domain: requested } = await searchParams;
  const domain = requested ? await findDomain(db, requested) : (await listDomains(db))[0];
  if (!domain) return <p className="muted">No domain yet.</p>;
  const items = nodesToItems(await loadDraftNodes(db, domain.id));
  return (
    <>
      <h1 className="page-title">Buddies</h1>
      <div className="card" aria-label="Buddies tree">
        <Tree items={items} />
      </div>
    </>
  );
}
