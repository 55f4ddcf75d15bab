import xml, { type Element } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { WholeTagParser } from './stream-reading';

const streamStart = `<stream:stream xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/streams' id='s1'>`;

function parseInChunks(chunks: string[]): { started: boolean; elements: string[] } {
  const parser = new WholeTagParser();
  let started = false;
  const elements: string[] = [];
  parser.on('start', () => (started = true));
  parser.on('element', (element: Element) => elements.push(element.toString()));
  for (const chunk of chunks) parser.write(chunk);
  return { started, elements };
}

describe('WholeTagParser', () => {
  const stanzas = [
    xml('message', { to: 'a@b', id: '1' }, xml('payload', {}, JSON.stringify({ userList: ['+39 347 1', 'Zoë <&> "x"'] }))),
    xml('iq', { type: 'get', id: '2' }, xml('vCard', { xmlns: 'vcard-temp' })),
  ];
  const text = streamStart + stanzas.map(String).join('');

  it('emits the stream start as soon as its tag is complete', () => {
    expect(parseInChunks([streamStart])).toEqual({ started: true, elements: [] });
  });

  it('reads the same stanzas whatever the chunks the text arrives in', () => {
    const whole = parseInChunks([text]);
    expect(whole.elements).toEqual(stanzas.map(String));
    for (let size = 1; size <= 40; size++) {
      const chunks = Array.from({ length: Math.ceil(text.length / size) }, (_, index) => text.slice(index * size, (index + 1) * size));
      expect(parseInChunks(chunks), `chunks of ${size}`).toEqual(whole);
    }
  });
});
