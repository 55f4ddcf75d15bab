import { isIP } from 'node:net';

/** One entry of TRUSTED_PROXIES: read by the settings (to refuse a wrong one at start-up) and by the HTTP layer. */
/** `10.0.0.7`, `2001:db8::1` or a CIDR block (`10.0.0.0/8`, `fd00::/8`); undefined when it is neither. */
export function parseProxyEntry(entry: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const [address = '', prefixText, ...rest] = entry.trim().split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return undefined;
  const maxPrefix = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? maxPrefix : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= maxPrefix)) return undefined;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}
