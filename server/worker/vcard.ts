import xml, { type Element } from '@xmpp/xml';
import type { IncomingContext } from '@xmpp/component';
import type { Db } from '@/db/client';
import { findPublishedJson } from '../buddies/repository';
import { findDomain } from '../domains';
import { log } from '../log';
import { escapeForbiddenCharacters } from '../../lib/xml-characters';
import { withDatabaseDeadline } from './database-errors';
import { errorCodes } from './error-codes';

export const vcardNs = 'vcard-temp';
const stanzasNs = 'urn:ietf:params:xml:ns:xmpp-stanzas';
/** What a domain that has never published serves: a valid, empty buddies document. */
export const emptyBuddiesJson = JSON.stringify({ items: [] });

/**
 * vcard-temp get: the sender's domain's latest published buddies JSON in DESC. Read on every
 * request (one indexed query), so a publish is served from the next request on. @xmpp/xml
 * escapes the markup, and characters XML forbids (U+FFFF in a name published before imports
 * refused it) travel as JSON escapes: the client reads back exactly the published JSON's values.
 */
export function vcardHandler(db: Db, databaseDeadlineMs: number) {
  return async (ctx: IncomingContext): Promise<Element> => {
    const domainName = ctx.from?.domain ?? '';
    try {
      // One query on the common path; only a domain without a published version costs a second.
      const json = await withDatabaseDeadline(findPublishedJson(db, domainName), databaseDeadlineMs);
      if (json === null && !(await withDatabaseDeadline(findDomain(db, domainName), databaseDeadlineMs))) {
        return stanzaError('cancel', 'forbidden', `${errorCodes.domainNotServed}: the domain ${domainName} is not served by this service`);
      }
      return xml('vCard', { xmlns: vcardNs }, xml('DESC', {}, escapeForbiddenCharacters(json ?? emptyBuddiesJson)));
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
