import xml, { type Element } from '@xmpp/xml';
import { oobNs, receiptsNs } from './envelope';
import { vcardNs } from '../buddies/vcard-reply';

export const discoInfoNs = 'http://jabber.org/protocol/disco#info';

/** disco#info of the component: what it is and the protocols it answers. */
export function discoInfo(): Element {
  return xml(
    'query',
    { xmlns: discoInfoNs },
    xml('identity', { category: 'component', type: 'generic', name: 'xmpp-service' }),
    ...[discoInfoNs, vcardNs, oobNs, receiptsNs].map((feature) => xml('feature', { var: feature })),
  );
}
