import xml, { type Element } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { makeWellFormed, sendOnlyWellFormed } from './well-formed';

describe('the stanza writer', () => {
  it('replaces forbidden characters in attributes and text at any depth, and counts the strings it changed', () => {
    const stanza = xml(
      'iq',
      { type: 'set', to: 'user@served.test', id: 'r\u0001' },
      xml('query', { xmlns: 'jabber:iq:roster' }, xml('item', { jid: 'a@served.test', name: 'Ann\uffff' }, xml('group', {}, 'G\ud800'))),
    );
    expect(makeWellFormed(stanza)).toBe(3);
    expect(stanza.toString()).toBe(
      '<iq type="set" to="user@served.test" id="r\ufffd"><query xmlns="jabber:iq:roster"><item jid="a@served.test" name="Ann\ufffd"><group>G\ufffd</group></item></query></iq>',
    );
  });

  it('leaves a well-formed stanza exactly as it was', () => {
    const stanza = xml('message', { to: 'u@served.test' }, xml('body', {}, 'tab\there 😀 \ufffd é'));
    const before = stanza.toString();
    expect(makeWellFormed(stanza)).toBe(0);
    expect(stanza.toString()).toBe(before);
  });

  it('sits in front of the entity send, and reports each stanza it repaired', async () => {
    const written: string[] = [];
    const repaired: number[] = [];
    const entity = { send: async (element: Element) => void written.push(element.toString()) };
    sendOnlyWellFormed(entity, (_element, changed) => repaired.push(changed));
    await entity.send(xml('message', {}, xml('body', {}, 'x\ufffe')));
    await entity.send(xml('message', {}, xml('body', {}, 'fine')));
    expect(written).toEqual(['<message><body>x\ufffd</body></message>', '<message><body>fine</body></message>']);
    expect(repaired).toEqual([1]);
  });
});
