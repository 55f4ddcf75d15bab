import { z } from 'zod';
import type { RosterItem } from '@/lib/protocol/response';
import type { SenderRoster } from '../command';
import type { AccountDirectory } from '../../directory/account-directory';
import { openEjabberdSqlAccountDirectory } from '../../directory/sql-accounts';
import type { XmppServerAdapter } from './adapter';

/**
 * ejabberd through mod_http_api + mod_admin_extra on loopback. On 23.01 a XEP-0356 roster set from
 * a component fails (module_not_loaded mod_roster, fixed in 23.10) and privileges are revoked when
 * any one connection of a component JID closes, so rosters go through the API, which also pushes
 * a change to the user's online sessions.
 */
const callTimeoutMs = 10_000;

const rosterEntrySchema = z.object({
  jid: z.string(),
  nick: z.string().optional(),
  subscription: z.string().optional(),
  group: z.string().optional(),
});
const subscriptions = new Set<string>(['none', 'to', 'from', 'both']);

export class EjabberdApiError extends Error {
  override name = 'EjabberdApiError';
}

/** Accounts from `accountStore` (`sql:<url>` of ejabberd's SQL database) when given, else from the HTTP API. */
export function openEjabberdAdapter(apiUrl: string, accountStore?: string): XmppServerAdapter {
  const base = apiUrl.replace(/\/+$/, '');
  const call = async (command: string, args: Record<string, string>): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetch(`${base}/${command}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(args),
        signal: AbortSignal.timeout(callTimeoutMs),
      });
    } catch (error) {
      throw new EjabberdApiError(`ejabberd's HTTP API (${command}) could not be reached: ${(error as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok) throw new EjabberdApiError(`ejabberd's HTTP API refused ${command} (HTTP ${response.status}): ${text.slice(0, 200)}`);
    return JSON.parse(text) as unknown;
  };

  const rosterOf = (senderBare: string): SenderRoster => {
    const at = senderBare.indexOf('@');
    const [user, server] = [senderBare.slice(0, at), senderBare.slice(at + 1)];
    const roster: SenderRoster = {
      async get() {
        const entries = z.array(rosterEntrySchema).parse(await call('get_roster', { user, server }));
        return entries.map((entry): RosterItem => ({
          jid: entry.jid,
          ...(entry.nick ? { name: entry.nick } : {}),
          subscription:
            entry.subscription && subscriptions.has(entry.subscription) ? (entry.subscription as RosterItem['subscription']) : 'none',
          // mod_admin_extra joins several groups with ';'.
          groups: entry.group ? entry.group.split(';').filter(Boolean) : [],
        }));
      },
      async set(item) {
        const at = item.jid.indexOf('@');
        const contact = { user: item.jid.slice(0, at), server: item.jid.slice(at + 1) };
        if (item.subscription === 'remove') {
          await call('delete_rosteritem', { localuser: user, localserver: server, ...contact });
          return;
        }
        // A roster set never changes the subscription (RFC 6121 2.1.5), but add_rosteritem writes one: keep the current.
        const current = (await roster.get()).find((existing) => existing.jid === item.jid);
        const answer = await call('add_rosteritem', {
          localuser: user,
          localserver: server,
          ...contact,
          nick: item.name ?? '',
          group: item.groups.join(';'),
          subs: current?.subscription ?? 'none',
        });
        if (answer !== 0) throw new EjabberdApiError(`ejabberd's add_rosteritem for ${senderBare} answered ${JSON.stringify(answer)}`);
      },
    };
    return roster;
  };

  const directory: AccountDirectory = accountStore
    ? openEjabberdSqlAccountDirectory(accountStore.slice('sql:'.length))
    : {
        async registered(domain, localparts) {
          // One call for the whole domain (with Mnesia, the only bulk way): a few thousand numbers
          // would otherwise be as many requests. It grows with the accounts: use SQL storage at scale.
          const users = z.array(z.string()).parse(await call('registered_users', { host: domain }));
          const wanted = new Set(localparts);
          return new Set(users.filter((user) => wanted.has(user)));
        },
        close: async () => {},
      };
  return { directory, rosterOf, close: () => directory.close() };
}
