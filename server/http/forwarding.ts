import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import { parseProxyEntry } from '../proxy-entry';

/**
 * Who is on the other end of an HTTP request. A client can send any `X-Forwarded-*` or `Forwarded`
 * header it likes, so they are believed only from a peer that TRUSTED_PROXIES names; otherwise the
 * client is the socket's peer. The custom server (server/main.ts) rewrites these headers on every
 * request before Next.js sees it, so the rest of the console reads `X-Forwarded-For`,
 * `X-Forwarded-Host` and `X-Forwarded-Proto` as facts.
 */

/** The headers a proxy uses to describe the client; none of them passes from a client untouched. */
const proxyHeaders = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'x-real-ip'] as const;

/** The addresses of TRUSTED_PROXIES, already validated by server/config.ts; undefined when it names none. */
export function trustedProxies(entries: readonly string[]): BlockList | undefined {
  if (entries.length === 0) return undefined;
  const list = new BlockList();
  for (const entry of entries) {
    const parsed = parseProxyEntry(entry);
    if (!parsed) throw new Error(`not an IP address or CIDR block: ${entry}`);
    list.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  return list;
}

/**
 * One hop as proxies write it, reduced to the bare address: `[2001:db8::1]:4711` and
 * `192.0.2.7:4711` lose the port, `::ffff:192.0.2.7` (IPv4 on a dual-stack socket) is `192.0.2.7`.
 * Anything else (`unknown`, an obfuscated RFC 7239 name) is kept as written.
 */
export function normalizeAddress(raw: string): string {
  let address = raw.trim().replace(/^"|"$/g, '');
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return (mapped ? mapped[1]! : address).toLowerCase();
}

function isTrusted(proxies: BlockList, address: string): boolean {
  const version = isIP(address);
  return version !== 0 && proxies.check(address, version === 4 ? 'ipv4' : 'ipv6');
}

function headerValues(headers: IncomingHttpHeaders, name: string): string[] {
  const value = headers[name];
  const joined = Array.isArray(value) ? value.join(',') : value;
  return joined === undefined
    ? []
    : joined
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean);
}

/** RFC 7239: `for=192.0.2.60;proto=http;host=example.com, for="[2001:db8::1]"` as one record per hop. */
function parseForwarded(elements: string[]): Array<Partial<Record<'for' | 'host' | 'proto', string>>> {
  return elements.map((element) =>
    Object.fromEntries(
      element.split(';').flatMap((pair) => {
        const [key, ...value] = pair.split('=');
        const name = key?.trim().toLowerCase();
        return name === 'for' || name === 'host' || name === 'proto' ? [[name, value.join('=').trim().replace(/^"|"$/g, '')]] : [];
      }),
    ),
  );
}

const plausibleHost = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;

export interface Forwarding {
  /** The address sign-in throttling counts by. */
  clientAddress: string;
  /** The host the browser named, when a trusted proxy said so. */
  host?: string;
  /** `http` or `https`, when a trusted proxy said so. */
  protocol?: 'http' | 'https';
}

/**
 * The client is the right-most hop that is not a trusted proxy: every hop to its right was added by
 * a proxy we trust, everything to its left was written by the client and may be forged. A proxy
 * that sets only `Forwarded` must remove a client's `X-Forwarded-For`, which is read first.
 */
export function resolveForwarding(peerAddress: string, headers: IncomingHttpHeaders, proxies: BlockList | undefined): Forwarding {
  const peer = normalizeAddress(peerAddress) || 'unknown';
  if (!proxies || !isTrusted(proxies, peer)) return { clientAddress: peer };
  const forwarded = parseForwarded(headerValues(headers, 'forwarded'));
  const forwardedFor = headerValues(headers, 'x-forwarded-for');
  const hops = forwardedFor.length > 0 ? forwardedFor : forwarded.flatMap((element) => (element.for ? [element.for] : []));
  const chain = [...hops.map(normalizeAddress), peer];
  const clientAddress = chain.findLast((hop) => !isTrusted(proxies, hop)) ?? chain[0]!;
  // The value the nearest proxy wrote is the last one: earlier ones may come from the client.
  const host = headerValues(headers, 'x-forwarded-host').at(-1) ?? forwarded.findLast((element) => element.host)?.host;
  const protocol = (
    headerValues(headers, 'x-forwarded-proto').at(-1) ?? forwarded.findLast((element) => element.proto)?.proto
  )?.toLowerCase();
  return {
    clientAddress,
    ...(host && plausibleHost.test(host) ? { host } : {}),
    ...(protocol === 'http' || protocol === 'https' ? { protocol } : {}),
  };
}

/** Replaces whatever proxy headers the request came with by what is known to be true (see above). */
export function stampForwarding(request: IncomingMessage, proxies: BlockList | undefined): void {
  const forwarding = resolveForwarding(request.socket.remoteAddress ?? '', request.headers, proxies);
  for (const name of proxyHeaders) delete request.headers[name];
  request.headers['x-forwarded-for'] = forwarding.clientAddress;
  // Left unset, Next.js fills these from the Host header and the socket.
  if (forwarding.host) request.headers['x-forwarded-host'] = forwarding.host;
  if (forwarding.protocol) request.headers['x-forwarded-proto'] = forwarding.protocol;
}
