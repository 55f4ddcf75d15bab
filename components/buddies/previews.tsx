'use client';

import { memo, useMemo, useState } from 'react';
import { visibleTree, type Client } from '@/lib/buddies/preview';
import { toSpecDocument, type BuddyItem } from '@/lib/buddies/spec-json';
import { Avatar } from './avatar';
import { flattenTree } from './tree-rows';

/** Enough to judge a preview; a 5,000-node tree would make every edit redraw thousands of rows. */
const previewRowLimit = 300;
const nothingCollapsed = new Set<string>();

/**
 * What each client will show from the draft, side by side, and the exact DESC JSON they will
 * receive once it is published.
 */
export const Previews = memo(function Previews({ items }: { items: BuddyItem[] }) {
  return (
    <section className="bt-previews" aria-label="Previews">
      <ClientPreview client="mobile" title="Mobile app" items={items} />
      <ClientPreview client="web" title="Web chat" items={items} />
      <DescJson items={items} />
    </section>
  );
});

function ClientPreview({ client, title, items }: { client: Client; title: string; items: BuddyItem[] }) {
  const rows = useMemo(() => flattenTree(visibleTree(items, client), nothingCollapsed), [items, client]);
  return (
    <div className={`card bt-preview bt-preview-${client}`} aria-label={`${title} preview`} role="region">
      <h3>{title}</h3>
      <div className="bt-preview-screen">
        {rows.length === 0 && <p className="muted">Nothing is published for this client.</p>}
        <ul className="bt-preview-list">
          {rows.slice(0, previewRowLimit).map(({ item, depth }) => (
            <li key={item.address} className={`bt-preview-item ${item.type}`} style={{ paddingLeft: 8 + depth * 18 }}>
              <Avatar url={item.info.thumbUrl} name={item.info.name || item.address} size={item.type === 'group' ? 34 : 30} />
              <span className="bt-names">
                <span className="bt-name">{item.info.name || item.address}</span>
                {item.info.status && <span className="bt-status">{item.info.status}</span>}
              </span>
              {item.type === 'group' && <span className="muted">{item.items.length}</span>}
            </li>
          ))}
        </ul>
        {rows.length > previewRowLimit && <p className="muted">… and {rows.length - previewRowLimit} more</p>}
      </div>
    </div>
  );
}

/** Clients receive the JSON compact (that is what Copy copies); it is shown indented to be read. */
function DescJson({ items }: { items: BuddyItem[] }) {
  const { json, bytes, shown } = useMemo(() => {
    const document = toSpecDocument(items);
    const compact = JSON.stringify(document);
    return { json: compact, bytes: new TextEncoder().encode(compact).length, shown: JSON.stringify(document, null, 2) };
  }, [items]);
  const [copied, setCopied] = useState(false);
  return (
    <div className="card bt-preview bt-json" role="region" aria-label="DESC JSON">
      <div className="row">
        <h3>vCard DESC after publishing</h3>
        <span className="muted">{bytes.toLocaleString('en-US')} bytes, sent compact</span>
        <span className="bt-spacer" />
        <button
          type="button"
          onClick={() =>
            void navigator.clipboard.writeText(json).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <pre tabIndex={0}>{shown}</pre>
    </div>
  );
}
