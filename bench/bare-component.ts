/**
 * The floor of the benchmarks: a bare XEP-0114 component on the same Prosody as the product, with
 * the same XMPP library, doing no work. A vCard get is answered with the same DESC serialized in
 * advance, and any command message with one constant response. Nagle is off on its socket, as on
 * the product's.
 */
import { component } from '@xmpp/component';
import xml from '@xmpp/xml';
import { vcardNs } from '@/server/buddies/vcard-reply';
import { oobNs } from '@/server/worker/envelope';
import { SerializedElement } from '@/server/worker/vcard';

export interface BareComponent {
  stop(): Promise<void>;
}

export async function startBareComponent(
  target: { service: string; jid: string; secret: string },
  vcardXml: string,
  commandPayload: string,
): Promise<BareComponent> {
  const entity = component({ service: target.service, domain: target.jid, password: target.secret });
  entity.reconnect.stop();
  entity.on('error', () => {});
  entity.on('connect', () => entity.socket?.setNoDelay(true));
  entity.iqCallee.get(vcardNs, 'vCard', () => new SerializedElement('vCard', vcardXml));
  const replies = new Map<string, string>();
  entity.middleware.use((ctx, next) => {
    const type = ctx.stanza.is('message') ? ctx.stanza.getChild('x', oobNs)?.getChildText('type') : undefined;
    if (!type) return next();
    let body = replies.get(type);
    if (!body) {
      body = xml('x', { xmlns: oobNs }, xml('type', {}, type), xml('action', {}, type), xml('payload', {}, commandPayload)).toString();
      replies.set(type, body);
    }
    return new SerializedElement(
      'message',
      `<message type="chat" to="${ctx.stanza.attrs.from}" from="${ctx.stanza.attrs.to}">${body}</message>`,
    );
  });
  await entity.start();
  return { stop: async () => void (await entity.stop().catch(() => {})) };
}
