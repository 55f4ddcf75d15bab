import type { TreeDiff } from '@/lib/buddies/diff';

const flagName = { mobileIsPublished: 'mobile', webIsPublished: 'web' } as const;
const where = (parent: string | null) => (parent === null ? 'top level' : `in ${parent}`);

/** A diff as operators read it: one section per kind of change, empty sections left out. */
export function DiffView({ diff }: { diff: TreeDiff }) {
  const sections = [
    { title: 'Added', lines: diff.added.map((n) => `${n.name || n.address} (${n.type}, ${where(n.at.parent)})`) },
    { title: 'Removed', lines: diff.removed.map((n) => `${n.name || n.address} (${n.type}, was ${where(n.at.parent)})`) },
    {
      title: 'Moved',
      lines: diff.moved.map(
        (n) => `${n.name || n.address}: ${where(n.from.parent)} #${n.from.index + 1} → ${where(n.to.parent)} #${n.to.index + 1}`,
      ),
    },
    {
      title: 'Changed',
      lines: diff.changed.map(
        (n) =>
          `${n.name || n.address}: ${n.changes.map((c) => `${c.field} “${String(c.before ?? '')}” → “${String(c.after ?? '')}”`).join(', ')}`,
      ),
    },
    {
      title: 'Flags flipped',
      lines: diff.flagsFlipped.map(
        (n) => `${n.name || n.address}: ${flagName[n.flag]} ${n.before ? 'published' : 'hidden'} → ${n.after ? 'published' : 'hidden'}`,
      ),
    },
  ].filter((section) => section.lines.length > 0);
  if (sections.length === 0) return <p className="muted">No differences.</p>;
  return (
    <div className="bt-diff" aria-label="Differences">
      {sections.map((section) => (
        <section key={section.title}>
          <h4>
            {section.title} <span className="badge off">{section.lines.length}</span>
          </h4>
          <ul>
            {section.lines.slice(0, 200).map((line, index) => (
              <li key={index}>{line}</li>
            ))}
            {section.lines.length > 200 && <li className="muted">… and {section.lines.length - 200} more</li>}
          </ul>
        </section>
      ))}
    </div>
  );
}
