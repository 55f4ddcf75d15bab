/**
 * The floor of the benchmarks: a bare XEP-0114 component on the same Prosody as the product, with
 * the same XMPP library, doing no work. A vCard get is answered with the same DESC serialized in
 * advance, and a command message with a constant response (one for all commands, or one per
 * command type, the same size as the product's answer to the same request). It reads its stream as
 * the product's worker does (readStreamWhole: whole characters, linear parsing, Nagle off).
 */
import { component } from '@xmpp/component';
import xml from '@xmpp/xml';
import { vcardNs } from '@/server/buddies/vcard-reply';
import { oobNs } from '@/server/worker/envelope';
import { readStreamWhole } from '@/server/worker/stream-reading';
import { SerializedElement } from '@/server/worker/vcard';

export interface BareComponent {
  stop(): Promise<void>;
}

export async function startBareComponent(
  target: { service: string; jid: string; secret: string },
  vcardXml: string,
  commandPayload: string | ((type: string) => string),
): Promise<BareComponent> {
  const payloadOf = typeof commandPayload === 'string' ? () => commandPayload : commandPayload;
  const entity = component({ service: target.service, domain: target.jid, password: target.secret });
  entity.reconnect.stop();
  entity.on('error', () => {});
  readStreamWhole(entity);
  entity.iqCallee.get(vcardNs, 'vCard', () => new SerializedElement('vCard', vcardXml));
  // Serialized once per command type and payload: a bench may change the payload between rounds.
  const replies = new Map<string, { payload: string; body: string }>();
  entity.middleware.use((ctx, next) => {
    const type = ctx.stanza.is('message') ? ctx.stanza.getChild('x', oobNs)?.getChildText('type') : undefined;
    if (!type) return next();
    const payload = payloadOf(type);
    let reply = replies.get(type);
    if (reply?.payload !== payload) {
      reply = {
        payload,
        body: xml('x', { xmlns: oobNs }, xml('type', {}, type), xml('action', {}, type), xml('payload', {}, payload)).toString(),
      };
      replies.set(type, reply);
    }
    return new SerializedElement(
      'message',
      `<message type="chat" to="${ctx.stanza.attrs.from}" from="${ctx.stanza.attrs.to}">${reply.body}</message>`,
    );
  });
  await entity.start();
  return { stop: async () => void (await entity.stop().catch(() => {})) };
}
