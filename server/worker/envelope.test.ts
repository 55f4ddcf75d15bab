import xml from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { ok } from '@/lib/protocol/response';
import { hasForbiddenCharacters } from '../../lib/xml-characters';
import { commandReply, maxEchoedNameLength, oobNs, readCommandRequest, receiptFor, receiptsNs } from './envelope';

const request = (attrs: Record<string, string>, ...children: Parameters<typeof xml>[2][]) =>
  xml('message', { from: 'user@served.test/phone', to: 'xmpp_service@xmpp-service.served.test', ...attrs }, ...children);
const oob = (...children: Parameters<typeof xml>[2][]) => xml('x', { xmlns: oobNs }, ...children);

describe('readCommandRequest', () => {
  it('reads type, action, payload, ids and the receipt request', () => {
    const stanza = request(
      { id: 'r1', type: 'chat' },
      oob(xml('type', {}, ' cmd_get_channels '), xml('action', {}, 'cmd_get_channels'), xml('payload', {}, '{ onlySubscribed: true }')),
      xml('request', { xmlns: receiptsNs }),
    );
    expect(readCommandRequest(stanza)).toEqual({
      stanzaId: 'r1',
      from: 'user@served.test/phone',
      to: 'xmpp_service@xmpp-service.served.test',
      type: 'cmd_get_channels',
      action: 'cmd_get_channels',
      payloadText: '{ onlySubscribed: true }',
      wantsReceipt: true,
    });
  });

  it('gives a request without action the action of its type, and no payload an empty text', () => {
    const read = readCommandRequest(request({}, oob(xml('type', {}, 'cmd_search_users'))));
    expect(read).toMatchObject({ action: 'cmd_search_users', payloadText: '', wantsReceipt: false, stanzaId: '' });
  });

  it('ignores what is not a command: error messages, other stanzas, no oob, an XEP-0066 link', () => {
    const command = oob(xml('type', {}, 'cmd_get_channels'));
    expect(readCommandRequest(request({ type: 'error' }, command))).toBeNull();
    expect(readCommandRequest(xml('iq', { type: 'get' }, command))).toBeNull();
    expect(readCommandRequest(request({}, xml('body', {}, 'hello')))).toBeNull();
    expect(readCommandRequest(request({}, oob(xml('url', {}, 'https://example.test/a.png'))))).toBeNull();
  });

  it('cuts echoed names past the limit', () => {
    const read = readCommandRequest(request({}, oob(xml('type', {}, 'x'.repeat(5_000)))));
    expect(read?.type).toHaveLength(maxEchoedNameLength);
  });

  it('never cuts between the halves of a surrogate pair', () => {
    const name = `${'x'.repeat(maxEchoedNameLength - 1)}😀tail`;
    const read = readCommandRequest(request({}, oob(xml('type', {}, name), xml('action', {}, name))));
    expect(read?.type).toBe('x'.repeat(maxEchoedNameLength - 1));
    expect(read?.action).toBe('x'.repeat(maxEchoedNameLength - 1));
  });
});

describe('reply payloads', () => {
  it('carry U+FFFE and U+FFFF (which JSON.stringify leaves raw) as JSON escapes, so the client reads back the exact text', () => {
    const read = readCommandRequest(request({}, oob(xml('type', {}, 'cmd_get_channels'))))!;
    const channelList = ['stored\uffff before', '\ufffe', 'nul\u0000', 'half\ud800'];
    const payloadText = commandReply(read, ok({ channelList })).getChild('x', oobNs)!.getChildText('payload')!;
    expect(hasForbiddenCharacters(payloadText)).toBe(false);
    expect(JSON.parse(payloadText).channelList).toEqual(channelList);
  });
});

describe('replies', () => {
  const read = readCommandRequest(
    request({ id: 'r2' }, oob(xml('type', {}, 'cmd_subscribe_to_channel'), xml('action', {}, 'subscribe'), xml('payload', {}, '{}'))),
  )!;

  it('answers the sender from the addressed JID, as a chat message with strict JSON', () => {
    const reply = commandReply(read, ok({ channelList: ['a<b'] }));
    expect(reply.attrs).toMatchObject({ type: 'chat', to: 'user@served.test/phone', from: 'xmpp_service@xmpp-service.served.test' });
    expect(reply.attrs.id).not.toBe('r2');
    const x = reply.getChild('x', oobNs)!;
    expect(x.getChildText('type')).toBe('cmd_subscribe_to_channel');
    expect(x.getChildText('action')).toBe('subscribe');
    expect(JSON.parse(x.getChildText('payload')!)).toEqual({ status: 0, errorCode: null, errorMessage: [], channelList: ['a<b'] });
    expect(reply.toString()).toContain('a&lt;b');
    expect(reply.getChild('request', receiptsNs)).toBeDefined();
  });

  it('acknowledges the request id with an XEP-0184 receipt', () => {
    const receipt = receiptFor(read);
    expect(receipt.attrs.to).toBe('user@served.test/phone');
    expect(receipt.getChild('received', receiptsNs)?.attrs.id).toBe('r2');
  });
});
