import { openAccountDirectory } from '../../directory';
import { createSenderRoster, type IqRequester } from '../roster';
import { cachedSenderRoster, RosterCache } from '../roster-cache';
import type { XmppServerAdapter } from './adapter';

/**
 * Prosody: accounts from its own store (files or SQL), rosters through XEP-0356 on the component's
 * connection, kept in memory while the same store shows them unchanged.
 */
export function openProsodyAdapter(accountStore: string, entity: IqRequester, componentJid: string): XmppServerAdapter {
  const store = openAccountDirectory(accountStore);
  const rosters = new RosterCache();
  return {
    directory: store,
    rosterOf: (senderBare) => {
      const at = senderBare.indexOf('@');
      return cachedSenderRoster(
        createSenderRoster(entity, componentJid, senderBare),
        () => store.rosterFingerprint(senderBare.slice(at + 1), senderBare.slice(0, at)),
        rosters,
        senderBare,
      );
    },
    close: () => store.close(),
  };
}
