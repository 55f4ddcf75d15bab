import type { PublishFlag } from './node-fields';
import type { BuddyItem } from './spec-json';

/**
 * What a client shows from a buddies tree, decided once here for the previews and the editor's
 * "hidden on web" hints. The rules (documented in docs/buddies.md):
 * - a node is shown only when its own flag for that client is on and its group is shown;
 * - a group is shown only when at least one node inside it is shown: an empty folder is noise.
 */
export type Client = 'mobile' | 'web';
export const clientFlag: Record<Client, PublishFlag> = { mobile: 'mobileIsPublished', web: 'webIsPublished' };

export function visibleTree(items: BuddyItem[], client: Client): BuddyItem[] {
  const flag = clientFlag[client];
  return items.flatMap((item) => {
    if (!item[flag]) return [];
    if (item.type === 'channel') return [item];
    const children = visibleTree(item.items, client);
    return children.length > 0 ? [{ ...item, items: children }] : [];
  });
}

/** Why a node whose own flag is off is hidden: its toggle already says so. */
export const notPublishedReason = (client: Client) => `hidden on ${client}: not published on ${client}`;

/** Why each hidden node is hidden on that client; shown nodes are absent from the map. */
export function hiddenReasons(items: BuddyItem[], client: Client): Map<string, string> {
  const flag = clientFlag[client];
  const reasons = new Map<string, string>();
  const hideAll = (level: BuddyItem[], reason: string) =>
    level.forEach((item) => {
      reasons.set(item.address, reason);
      hideAll(item.items, reason);
    });
  /** Returns whether anything in `level` is shown. */
  const visit = (level: BuddyItem[]): boolean => {
    let anyShown = false;
    for (const item of level) {
      if (!item[flag]) {
        reasons.set(item.address, notPublishedReason(client));
        hideAll(item.items, `hidden on ${client}: its group "${item.info.name || item.address}" is not published on ${client}`);
      } else if (item.type === 'group' && !visit(item.items)) {
        reasons.set(item.address, `hidden on ${client}: nothing inside it is published on ${client}`);
      } else {
        anyShown = true;
      }
    }
    return anyShown;
  };
  visit(items);
  return reasons;
}
