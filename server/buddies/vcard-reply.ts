import { Refusal } from '@/lib/refusal';
import xml from '@xmpp/xml';
import { escapeForbiddenCharacters } from '@/lib/xml-characters';

/**
 * The vCard clients receive: the buddies JSON in DESC. Written once per published version (the
 * worker keeps it serialized), and measured here against the server's stanza limit, because a
 * stanza over it makes the server drop the component's whole connection.
 */
export const vcardNs = 'vcard-temp';
/** What a served domain that has never published serves: a valid, empty buddies document. */
export const emptyBuddiesJson = JSON.stringify({ items: [] });

/**
 * The serialized <vCard/> element, text escaped as @xmpp/xml escapes it. Characters XML forbids
 * (U+FFFF in a name published before the input edges refused it) travel as JSON escapes, so the
 * client reads back exactly the published values; the send path's repair never sees this text.
 */
export function vcardXml(json: string): string {
  return xml('vCard', { xmlns: vcardNs }, xml('DESC', {}, escapeForbiddenCharacters(json))).toString();
}

/**
 * Room kept for the <iq/> around the vCard: its to, from and id. Typical JIDs and ids take about
 * 150 bytes; 1 KiB also covers long resources.
 */
export const iqEnvelopeAllowanceBytes = 1024;

/** The bytes a vCard reply of `json` takes on the wire, envelope allowance included. */
export function vcardReplyBytes(json: string): number {
  return Buffer.byteLength(vcardXml(json)) + iqEnvelopeAllowanceBytes;
}

/** Refuses (413) a buddies JSON whose vCard reply would not fit under the stanza limit. */
export function assertVcardFits(json: string, stanzaLimitBytes: number): void {
  const bytes = vcardReplyBytes(json);
  if (bytes <= stanzaLimitBytes) return;
  throw new Refusal(
    413,
    `The vCard of this tree would be ${formatBytes(bytes)}, over the XMPP server's stanza limit of ${formatBytes(stanzaLimitBytes)}: ` +
      "clients could not receive it. Remove nodes or shorten texts and URLs, or raise the limit (XMPP_STANZA_LIMIT_BYTES and the server's component_stanza_size_limit).",
    { vcardBytes: bytes, stanzaLimitBytes },
  );
}

function formatBytes(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} bytes (${(bytes / 1024 / 1024).toFixed(2)} MiB)`;
}
