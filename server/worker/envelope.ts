import { randomUUID } from 'node:crypto';
import xml, { type Element } from '@xmpp/xml';
import { escapeForbiddenCharacters } from '../../lib/xml-characters';
import type { ResponsePayload } from '@/lib/protocol/response';

/**
 * The protocol's envelope: a `<message>` carrying `<x xmlns='jabber:x:oob'>` with `type`, `action`
 * and `payload`, answered in the same shape. Pure functions over elements, so they are unit-tested
 * without a server.
 */
export const oobNs = 'jabber:x:oob';
export const receiptsNs = 'urn:xmpp:receipts';
/** type and action are echoed back; past this length they are cut so garbage cannot be amplified. */
export const maxEchoedNameLength = 200;

export interface CommandRequest {
  /** The stanza id the client chose ('' when absent); logged, and acknowledged by receipts. */
  stanzaId: string;
  /** The sender's full JID as the server stamped it. */
  from: string;
  /** The JID the request was addressed to: the reply comes from it. */
  to: string;
  type: string;
  /** As sent, or `type` when the request has none (the spec's cmd_search_users example). */
  action: string;
  payloadText: string;
  /** XEP-0184: the client asked for a receipt of this id. */
  wantsReceipt: boolean;
}

/**
 * The command carried by a stanza, or null for anything that is not one: other stanzas, error
 * messages (answering those could loop between two services), messages without the oob element,
 * and plain XEP-0066 links (an oob element without `type`).
 */
export function readCommandRequest(stanza: Element): CommandRequest | null {
  if (stanza.name !== 'message' || stanza.attrs.type === 'error') return null;
  const x = stanza.getChild('x', oobNs);
  const typeElement = x?.getChild('type');
  if (!x || !typeElement) return null;
  const type = echoable(typeElement.text().trim());
  const actionElement = x.getChild('action');
  const action = actionElement ? echoable(actionElement.text().trim()) : '';
  const stanzaId = stanza.attrs.id ?? '';
  return {
    stanzaId,
    from: stanza.attrs.from ?? '',
    to: stanza.attrs.to ?? '',
    type,
    action: action || type,
    payloadText: x.getChild('payload')?.text() ?? '',
    wantsReceipt: stanzaId !== '' && stanza.getChild('request', receiptsNs) !== undefined,
  };
}

/** A cut between the halves of a surrogate pair would leave a character XML forbids: the half goes too. */
function echoable(name: string): string {
  if (name.length <= maxEchoedNameLength) return name;
  const cut = name.slice(0, maxEchoedNameLength);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/**
 * The response: a chat message to the sender's full JID, from the JID the request was sent to.
 * It asks for a receipt as the spec's response examples do; the client's <received/> comes back
 * without an oob element and is ignored.
 */
export function commandReply(request: CommandRequest, payload: ResponsePayload): Element {
  return xml(
    'message',
    { type: 'chat', to: request.from, from: request.to, id: randomUUID() },
    xml('x', { xmlns: oobNs }, xml('type', {}, request.type), xml('action', {}, request.action), xml('payload', {}, payloadJson(payload))),
    xml('request', { xmlns: receiptsNs }),
  );
}

/**
 * JSON.stringify escapes control characters and lone surrogates, but not U+FFFE and U+FFFF, which
 * XML forbids: a channel name stored with one before the input edges refused it would close the
 * stream. Escaped, the client reads back exactly the stored text.
 */
export function payloadJson(payload: ResponsePayload): string {
  return escapeForbiddenCharacters(JSON.stringify(payload));
}

/** XEP-0184 acknowledgement of the request's id. */
export function receiptFor(request: CommandRequest): Element {
  return xml(
    'message',
    { to: request.from, from: request.to, id: randomUUID() },
    xml('received', { xmlns: receiptsNs, id: request.stanzaId }),
  );
}
