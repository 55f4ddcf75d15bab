import xml, { type Element } from '@xmpp/xml';
import type { IncomingContext } from '@xmpp/component';
import { log } from '../log';
import { errorCodes } from './error-codes';
import type { ServedData } from './served-data';

const stanzasNs = 'urn:ietf:params:xml:ns:xmpp-stanzas';

/**
 * An element written as XML serialized beforehand: the iq callee wraps it in the reply as any
 * child, and sending it copies the text instead of escaping a big DESC again for every request.
 */
export class SerializedElement extends xml.Element {
  constructor(
    name: string,
    private readonly serialized: string,
  ) {
    super(name);
  }

  override write(writer: (part: string) => void): void {
    writer(this.serialized);
  }
}

/**
 * vcard-temp get: the sender's domain's latest published buddies JSON in DESC, from memory (the
 * serialized vCard per domain, replaced when a version is published or rolled back). A vCard that
 * the server's stanza limit would not let through (published before the limit was lowered) is
 * answered with an error rather than sent: the server would drop the component's connection.
 */
export function vcardHandler(served: ServedData, stanzaLimitBytes: number) {
  return async (ctx: IncomingContext): Promise<Element> => {
    const domainName = ctx.from?.domain ?? '';
    try {
      const vcard = await served.vcard(domainName);
      if (!vcard) {
        return stanzaError('cancel', 'forbidden', `${errorCodes.domainNotServed}: the domain ${domainName} is not served by this service`);
      }
      if (vcard.bytes > stanzaLimitBytes) {
        log.error('vcard.over_stanza_limit', { stanzaId: ctx.id, sender: ctx.from?.toString(), bytes: vcard.bytes, stanzaLimitBytes });
        return stanzaError(
          'cancel',
          'internal-server-error',
          `${errorCodes.internalError}: the buddies are larger than the server accepts`,
        );
      }
      return new SerializedElement('vCard', vcard.xml);
    } catch (err) {
      log.error('vcard.failed', { stanzaId: ctx.id, sender: ctx.from?.toString(), err });
      return stanzaError('wait', 'internal-server-error', `${errorCodes.sqlError}: the buddies could not be read; try again later`);
    }
  };
}

/** The iq callee turns a returned <error/> into the iq error reply. */
function stanzaError(type: 'cancel' | 'wait', condition: string, text: string): Element {
  return xml('error', { type }, xml(condition, { xmlns: stanzasNs }), xml('text', { xmlns: stanzasNs }, text));
}
