import { normalizeMsisdn } from './msisdn';
import type { RosterItem } from '@/lib/protocol/response';

/**
 * What cmd_add_to_roster writes, decided without any I/O. An address book entry is written when
 * its contact is registered and its roster item is missing, has no group, has no name, has a
 * different name, or sits in the OTHERS group with a subscription other than none. A written item
 * carries the given name and the CONTACTS group, keeps the user's other groups and leaves OTHERS.
 */
export interface AddressBookEntry {
  name: string;
  /** The MSISDN exactly as the client sent it. */
  address: string;
}

export interface RosterGroups {
  contacts: string;
  others: string;
}

export interface SyncPlanInput {
  roster: readonly RosterItem[];
  entries: readonly AddressBookEntry[];
  /** Localparts registered on the sender's domain. */
  registered: ReadonlySet<string>;
  sender: { local: string; domain: string };
  groups: RosterGroups;
}

export type UpdateReason = 'no_group' | 'no_name' | 'different_name' | 'others_subscribed';
export type SkipReason = 'invalid_address' | 'invalid_name' | 'duplicate' | 'self' | 'not_registered' | 'unchanged';

export type SyncDecision =
  | { action: 'add'; address: string; item: RosterItem }
  | { action: 'update'; address: string; reason: UpdateReason; item: RosterItem }
  | { action: 'skip'; address: string; reason: SkipReason };

export function planRosterSync(input: SyncPlanInput): SyncDecision[] {
  const current = new Map(input.roster.map((item) => [item.jid.toLowerCase(), item]));
  const seen = new Set<string>();
  return input.entries.map((entry) => {
    const skip = (reason: SkipReason): SyncDecision => ({ action: 'skip', address: entry.address, reason });
    const localpart = normalizeMsisdn(entry.address);
    if (localpart === undefined) return skip('invalid_address');
    if (entry.name.trim() === '') return skip('invalid_name');
    if (seen.has(localpart)) return skip('duplicate');
    seen.add(localpart);
    if (localpart === input.sender.local) return skip('self');
    if (!input.registered.has(localpart)) return skip('not_registered');

    const jid = `${localpart}@${input.sender.domain}`;
    const existing = current.get(jid.toLowerCase());
    if (!existing) {
      return {
        action: 'add',
        address: entry.address,
        item: { jid, name: entry.name, subscription: 'none', groups: [input.groups.contacts] },
      };
    }
    const reason = updateReason(existing, entry.name, input.groups);
    if (!reason) return skip('unchanged');
    return { action: 'update', address: entry.address, reason, item: rewritten(existing, entry.name, input.groups) };
  });
}

/** The first of the spec's rules that the item breaks, or undefined when it is already right. */
function updateReason(item: RosterItem, name: string, groups: RosterGroups): UpdateReason | undefined {
  if (item.groups.length === 0) return 'no_group';
  if (!item.name) return 'no_name';
  if (item.name !== name) return 'different_name';
  if (item.groups.includes(groups.others) && item.subscription !== 'none') return 'others_subscribed';
  return undefined;
}

function rewritten(item: RosterItem, name: string, groups: RosterGroups): RosterItem {
  const kept = item.groups.filter((group) => group !== groups.others && group !== groups.contacts);
  return { jid: item.jid, name, subscription: item.subscription, groups: [...kept, groups.contacts] };
}
