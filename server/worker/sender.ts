import type { Sender } from './command';

/**
 * Splits the JID the server stamped on a stanza ([local@]domain[/resource]). The first '/' starts
 * the resource, which may itself hold '@' and '/'. Returns null for a JID without a local part:
 * servers and components are not users.
 */
export function parseSender(fullJid: string): Sender | null {
  const slash = fullJid.indexOf('/');
  const bare = (slash === -1 ? fullJid : fullJid.slice(0, slash)).toLowerCase();
  const at = bare.indexOf('@');
  if (at <= 0 || at === bare.length - 1) return null;
  return { full: fullJid, bare, local: bare.slice(0, at), domain: bare.slice(at + 1) };
}

/** The domain part of any JID, lower-cased; '' when there is none. */
export function domainOf(jid: string): string {
  const slash = jid.indexOf('/');
  const bare = slash === -1 ? jid : jid.slice(0, slash);
  return bare.slice(bare.indexOf('@') + 1).toLowerCase();
}
