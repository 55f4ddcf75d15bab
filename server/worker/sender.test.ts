import { describe, expect, it } from 'vitest';
import { domainOf, parseSender } from './sender';

describe('parseSender', () => {
  it('splits a full JID; the resource may hold @ and /', () => {
    expect(parseSender('0039347@Served.Test/phone@home/2')).toEqual({
      full: '0039347@Served.Test/phone@home/2',
      bare: '0039347@served.test',
      local: '0039347',
      domain: 'served.test',
    });
  });

  it('refuses JIDs without a user: servers, components', () => {
    expect(parseSender('served.test')).toBeNull();
    expect(parseSender('served.test/res@x')).toBeNull();
    expect(parseSender('@served.test')).toBeNull();
    expect(parseSender('')).toBeNull();
  });
});

describe('domainOf', () => {
  it('finds the domain of any JID', () => {
    expect(domainOf('xmpp_service@xmpp-service.served.test/r')).toBe('xmpp-service.served.test');
    expect(domainOf('Xmpp-Service.served.test')).toBe('xmpp-service.served.test');
  });
});
