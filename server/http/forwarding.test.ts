import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../config';
import { parseProxyEntry } from '../proxy-entry';
import { normalizeAddress, resolveForwarding, stampForwarding, trustedProxies } from './forwarding';

const proxies = trustedProxies(['10.0.0.0/8', '2001:db8:ffff::1']);

describe('TRUSTED_PROXIES entries', () => {
  it('accepts addresses and CIDR blocks of either family, and nothing else', () => {
    expect(parseProxyEntry('10.0.0.5')).toEqual({ address: '10.0.0.5', prefix: 32, family: 'ipv4' });
    expect(parseProxyEntry(' 10.0.0.0/8 ')).toEqual({ address: '10.0.0.0', prefix: 8, family: 'ipv4' });
    expect(parseProxyEntry('fd00::/8')).toEqual({ address: 'fd00::', prefix: 8, family: 'ipv6' });
    for (const bad of ['', 'localhost', '10.0.0.0/33', 'fd00::/129', '10.0.0.0/8/1', '10.0.0.0/x', '10.0.0.0/-1', '999.1.1.1']) {
      expect(parseProxyEntry(bad), bad).toBeUndefined();
    }
    expect(trustedProxies([])).toBeUndefined();
  });

  it('are read by the settings, and a wrong one stops start-up naming it', () => {
    const env = (TRUSTED_PROXIES?: string) => ({ NODE_ENV: 'test' as const, TRUSTED_PROXIES });
    expect(readSettings(env()).TRUSTED_PROXIES).toEqual([]);
    expect(readSettings(env(' 10.0.0.5, fd00::/8 ,')).TRUSTED_PROXIES).toEqual(['10.0.0.5', 'fd00::/8']);
    expect(() => readSettings(env('10.0.0.5,proxy.internal'))).toThrow(
      /TRUSTED_PROXIES: "proxy.internal" is not an IP address or CIDR block/,
    );
  });
});

describe('normalizeAddress', () => {
  it('drops ports and brackets and unmaps IPv4 on a dual-stack socket', () => {
    expect(normalizeAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeAddress('192.0.2.7:4711')).toBe('192.0.2.7');
    expect(normalizeAddress('"[2001:DB8::1]:4711"')).toBe('2001:db8::1');
    expect(normalizeAddress(' 2001:db8::1 ')).toBe('2001:db8::1');
  });
});

describe('resolveForwarding', () => {
  const forged = {
    'x-forwarded-for': '1.2.3.4',
    'x-forwarded-host': 'evil.example',
    'x-forwarded-proto': 'https',
    forwarded: 'for=5.6.7.8;host=evil.example',
  };

  it('believes no header without TRUSTED_PROXIES, nor from a peer it does not name', () => {
    expect(resolveForwarding('192.0.2.7', forged, undefined)).toEqual({ clientAddress: '192.0.2.7' });
    expect(resolveForwarding('::ffff:192.0.2.7', forged, proxies)).toEqual({ clientAddress: '192.0.2.7' });
  });

  it('takes the right-most hop that is not a trusted proxy, whatever the client put to its left', () => {
    const headers = {
      'x-forwarded-for': '1.2.3.4, 198.51.100.9, 10.1.1.1',
      'x-forwarded-host': 'evil.example, console.example.com',
      'x-forwarded-proto': 'https',
    };
    expect(resolveForwarding('10.0.0.2', headers, proxies)).toEqual({
      clientAddress: '198.51.100.9',
      host: 'console.example.com',
      protocol: 'https',
    });
  });

  it('reads RFC 7239 Forwarded when there is no X-Forwarded-For', () => {
    const headers = { forwarded: 'for=1.2.3.4, for="[2001:db8::7]:4711";proto=https;host=console.example.com' };
    expect(resolveForwarding('2001:db8:ffff::1', headers, proxies)).toEqual({
      clientAddress: '2001:db8::7',
      host: 'console.example.com',
      protocol: 'https',
    });
  });

  it('falls back to the left-most hop when every hop is a trusted proxy, and to the peer without any', () => {
    expect(resolveForwarding('10.0.0.2', { 'x-forwarded-for': '10.9.9.9' }, proxies)).toEqual({ clientAddress: '10.9.9.9' });
    expect(resolveForwarding('10.0.0.2', {}, proxies)).toEqual({ clientAddress: '10.0.0.2' });
  });

  it('ignores a forwarded host or protocol that is not one', () => {
    const headers = { 'x-forwarded-for': '198.51.100.9', 'x-forwarded-host': 'a/b@evil', 'x-forwarded-proto': 'gopher' };
    expect(resolveForwarding('10.0.0.2', headers, proxies)).toEqual({ clientAddress: '198.51.100.9' });
  });
});

describe('stampForwarding', () => {
  const request = (peer: string, headers: Record<string, string>) =>
    ({ socket: { remoteAddress: peer }, headers: { ...headers } }) as unknown as IncomingMessage;

  it('replaces every proxy header a client sent by the facts', () => {
    const forgedByClient = request('192.0.2.7', {
      host: 'console.example.com',
      'x-forwarded-for': '1.2.3.4',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'https',
      'x-forwarded-port': '443',
      'x-real-ip': '1.2.3.4',
      forwarded: 'for=1.2.3.4',
    });
    stampForwarding(forgedByClient, proxies);
    expect(forgedByClient.headers).toEqual({ host: 'console.example.com', 'x-forwarded-for': '192.0.2.7' });

    const throughProxy = request('10.0.0.2', {
      host: 'backend:3000',
      'x-forwarded-for': '198.51.100.9',
      'x-forwarded-host': 'console.example.com',
      'x-forwarded-proto': 'https',
    });
    stampForwarding(throughProxy, proxies);
    expect(throughProxy.headers).toEqual({
      host: 'backend:3000',
      'x-forwarded-for': '198.51.100.9',
      'x-forwarded-host': 'console.example.com',
      'x-forwarded-proto': 'https',
    });
  });
});
