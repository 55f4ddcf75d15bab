import type { AccountDirectory, SenderRoster } from '../worker/command';
import type { IqRequester } from '../worker/roster';
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

/**
 * Which server the worker serves (XMPP_SERVER): Prosody, with its account store
 * (XMPP_ACCOUNT_STORE) and XEP-0356 rosters through the component; or ejabberd, with accounts and
 * rosters through its mod_http_api on loopback (EJABBERD_API_URL).
 */
export type XmppServerKind = { kind: 'prosody'; accountStore: string } | { kind: 'ejabberd'; apiUrl: string };

export function openXmppServerAdapter(server: XmppServerKind, entity: IqRequester, componentJid: string): XmppServerAdapter {
  return server.kind === 'ejabberd' ? openEjabberdAdapter(server.apiUrl) : openProsodyAdapter(server.accountStore, entity, componentJid);
}
