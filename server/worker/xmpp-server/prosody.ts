import { openAccountDirectory } from '../../directory';
import { createSenderRoster, type IqRequester } from '../roster';
import type { XmppServerAdapter } from './adapter';

/** Prosody: accounts from its own store (files or SQL), rosters through XEP-0356 on the component's connection. */
export function openProsodyAdapter(accountStore: string, entity: IqRequester, componentJid: string): XmppServerAdapter {
  const directory = openAccountDirectory(accountStore);
  return {
    directory,
    rosterOf: (senderBare) => createSenderRoster(entity, componentJid, senderBare),
    close: () => directory.close(),
  };
}
