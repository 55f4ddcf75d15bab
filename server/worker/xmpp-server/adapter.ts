import type { AccountDirectory } from '../../directory/account-directory';
import type { XmppServerKind } from '../../xmpp-setup';
import type { SenderRoster } from '../command';
import type { IqRequester } from '../roster';
import { openEjabberdAdapter } from './ejabberd';
import { openProsodyAdapter } from './prosody';

/**
 * What the service needs from the XMPP server beyond the component connection: which accounts
 * exist, and the sender's roster. Prosody and ejabberd each implement it; the worker and the
 * commands see only this interface.
 */
export interface XmppServerAdapter {
  directory: AccountDirectory;
  /** The roster of `senderBare` (the JID the server stamped on the request), and no one else's. */
  rosterOf(senderBare: string): SenderRoster;
  close(): Promise<void>;
}

export function openXmppServerAdapter(server: XmppServerKind, entity: IqRequester, componentJid: string): XmppServerAdapter {
  return server.kind === 'ejabberd'
    ? openEjabberdAdapter(server.apiUrl, server.accountStore)
    : openProsodyAdapter(server.accountStore, entity, componentJid);
}
