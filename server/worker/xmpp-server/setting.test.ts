import { describe, expect, it } from 'vitest';
import { readSettings } from '../../config';
import { setUpXmpp } from '../../xmpp-setup';

const existing = { NODE_ENV: 'test' as const, XMPP_COMPONENT_SERVICE: 'xmpp://127.0.0.1:5999', XMPP_COMPONENT_SECRET: 'secret' };

describe('XMPP_SERVER selects the server adapter', () => {
  it('is Prosody with its account store by default', async () => {
    const setup = await setUpXmpp(readSettings({ ...existing, XMPP_ACCOUNT_STORE: 'file:/var/lib/prosody' }));
    expect(setup).toMatchObject({ ok: true, target: { server: { kind: 'prosody', accountStore: 'file:/var/lib/prosody' } } });
  });

  it('is ejabberd with its HTTP API, which it requires', async () => {
    const setup = await setUpXmpp(readSettings({ ...existing, XMPP_SERVER: 'ejabberd', EJABBERD_API_URL: 'http://127.0.0.1:5281/api' }));
    expect(setup).toMatchObject({ ok: true, target: { server: { kind: 'ejabberd', apiUrl: 'http://127.0.0.1:5281/api' } } });
    expect(await setUpXmpp(readSettings({ ...existing, XMPP_SERVER: 'ejabberd' }))).toEqual({
      ok: false,
      reason: 'XMPP_SERVER is ejabberd but EJABBERD_API_URL is not set',
    });
  });

  it("reads ejabberd's accounts from its SQL database when XMPP_ACCOUNT_STORE names one, and refuses a file store", async () => {
    const ejabberd = { ...existing, XMPP_SERVER: 'ejabberd', EJABBERD_API_URL: 'http://127.0.0.1:5281/api' };
    const setup = await setUpXmpp(readSettings({ ...ejabberd, XMPP_ACCOUNT_STORE: 'sql:postgres://ejabberd@db/ejabberd' }));
    expect(setup).toMatchObject({
      ok: true,
      target: { server: { kind: 'ejabberd', accountStore: 'sql:postgres://ejabberd@db/ejabberd' } },
    });
    expect(await setUpXmpp(readSettings({ ...ejabberd, XMPP_ACCOUNT_STORE: 'file:/var/lib/ejabberd' }))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('XMPP_ACCOUNT_STORE is sql:<postgres url>'),
    });
  });

  it('refuses ejabberd without an existing server: the private development server is Prosody only', async () => {
    const setup = await setUpXmpp(
      readSettings({ NODE_ENV: 'test', XMPP_SERVER: 'ejabberd', EJABBERD_API_URL: 'http://127.0.0.1:5281/api' }),
    );
    expect(setup).toMatchObject({ ok: false, reason: expect.stringContaining('XMPP_COMPONENT_SERVICE is not set') });
  });

  it('refuses an unknown server name', () => {
    expect(() => readSettings({ NODE_ENV: 'test', XMPP_SERVER: 'openfire' })).toThrow(/XMPP_SERVER/);
  });
});
