import type { Entity } from '@xmpp/component';
import xml from '@xmpp/xml';

/**
 * How every XMPP connection of the project reads its stream (the worker's, the tests' clients,
 * the bench's components); @xmpp/connection 0.13 gets two things wrong with big stanzas:
 *
 * - It decodes each TCP chunk on its own, so a character whose UTF-8 bytes straddle two chunks
 *   becomes two U+FFFD: a contact named "Zoë" in a 3,000-entry address book could reach the
 *   roster as "Zo��". A socket with an encoding set decodes across chunks.
 * - Its parser (ltx 3.1) searches for the next `<` again at every character when a chunk ends
 *   inside text, which is quadratic in that tail: a 5,000-number request cost ~20 ms of the main
 *   thread, every other user waiting behind it. `WholeTagParser` below keeps that case away.
 *
 * Nagle is off too: replies are written as whole stanzas, and Nagle would hold a reply's last
 * segment back until the server acknowledges the previous one (a delayed ACK, ~40 ms).
 */
export function readStreamWhole(entity: Entity): void {
  entity.on('connect', () => {
    // Here, not before: @xmpp/client's connect() sets its transport's own parser first, and the
    // stream is opened (the parser made) only after this event.
    entity.Parser = WholeTagParser;
    entity.socket?.setEncoding('utf8');
    entity.socket?.setNoDelay(true);
  });
}

/**
 * Hands the parser only text that ends with a `>`, keeping the rest for the next chunk: every run
 * of text it scans is then followed by its `<`, found in one search. Servers escape `>` in text
 * and attribute values, so what is held back is at most the start of the next element.
 */
export class WholeTagParser extends xml.Parser {
  private held = '';

  override write(data: string): void {
    const lastTagEnd = data.lastIndexOf('>');
    if (lastTagEnd === -1) {
      this.held += data;
      return;
    }
    const complete = this.held + data.slice(0, lastTagEnd + 1);
    this.held = data.slice(lastTagEnd + 1);
    super.write(complete);
  }
}
