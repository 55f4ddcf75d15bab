import type { Element } from '@xmpp/xml';
import { hasForbiddenCharacters, replaceForbiddenCharacters } from '../../lib/xml-characters';

/**
 * The last line of defence of the component's stream: a stanza holding a character XML forbids
 * makes the server close the stream (`not-well-formed`), and every answer in flight is lost for
 * every user. The input edges refuse such text; what still reaches a stanza (data stored before
 * they did, a future field) is replaced with U+FFFD here, on the one path every stanza takes.
 */
export interface StanzaSender {
  send(element: Element): Promise<void>;
}

/**
 * Replaces, in place, each forbidden character of `element`'s attribute values and text, at any
 * depth. Returns how many strings it changed (0: the element was already safe). Iterative: no
 * stanza is deep enough to matter, but a walk that cannot overflow costs nothing.
 */
export function makeWellFormed(element: Element): number {
  let changed = 0;
  const pending: Element[] = [element];
  while (pending.length > 0) {
    const current = pending.pop()!;
    for (const [name, value] of Object.entries(current.attrs)) {
      if (typeof value === 'string' && hasForbiddenCharacters(value)) {
        current.attrs[name] = replaceForbiddenCharacters(value);
        changed++;
      }
    }
    current.children.forEach((child, index) => {
      if (typeof child !== 'string') return void pending.push(child);
      if (!hasForbiddenCharacters(child)) return;
      current.children[index] = replaceForbiddenCharacters(child);
      changed++;
    });
  }
  return changed;
}

/**
 * Makes `entity.send`, which the command replies, the iq results of the vCard and disco handlers
 * and the roster requests all go through, write only well-formed stanzas. `onRepaired` hears of
 * each stanza that needed it, to log it: it points at data an input edge should have refused.
 */
export function sendOnlyWellFormed(entity: StanzaSender, onRepaired: (element: Element, changed: number) => void): void {
  const send = entity.send.bind(entity);
  entity.send = (element) => {
    const changed = makeWellFormed(element);
    if (changed > 0) onRepaired(element, changed);
    return send(element);
  };
}
