import { describe, expect, it } from 'vitest';
import type { RosterItem } from '@/lib/protocol/response';
import { planRosterSync, type AddressBookEntry, type SyncPlanInput } from './roster-sync-plan';

const domain = 'example.test';
const groups = { contacts: 'CONTACTS', others: 'OTHERS' };
const mario = '00393471111111';
const marioJid = `${mario}@${domain}`;

function plan(entries: AddressBookEntry[], roster: RosterItem[] = [], registered: string[] = [mario]) {
  const input: SyncPlanInput = { roster, entries, registered: new Set(registered), sender: { local: '00390000000000', domain }, groups };
  return planRosterSync(input);
}
const item = (fields: Partial<RosterItem>): RosterItem => ({ jid: marioJid, subscription: 'none', groups: [], ...fields });
const marioEntry = { name: 'Mario Rossi', address: mario };

describe('planRosterSync: the five rules', () => {
  it('adds a registered contact that is not on the roster, named, in CONTACTS', () => {
    expect(plan([marioEntry])).toEqual([
      { action: 'add', address: mario, item: { jid: marioJid, name: 'Mario Rossi', subscription: 'none', groups: ['CONTACTS'] } },
    ]);
  });

  it('updates an item without a group', () => {
    expect(plan([marioEntry], [item({ name: 'Mario Rossi' })])).toEqual([
      { action: 'update', address: mario, reason: 'no_group', item: item({ name: 'Mario Rossi', groups: ['CONTACTS'] }) },
    ]);
  });

  it('updates an item without a name, keeping its other groups', () => {
    for (const name of [undefined, '']) {
      expect(plan([marioEntry], [item({ name, groups: ['Friends'] })])).toEqual([
        { action: 'update', address: mario, reason: 'no_name', item: item({ name: 'Mario Rossi', groups: ['Friends', 'CONTACTS'] }) },
      ]);
    }
  });

  it('updates an item with a different name', () => {
    expect(plan([marioEntry], [item({ name: 'Mario', groups: ['CONTACTS'], subscription: 'both' })])).toEqual([
      {
        action: 'update',
        address: mario,
        reason: 'different_name',
        item: item({ name: 'Mario Rossi', groups: ['CONTACTS'], subscription: 'both' }),
      },
    ]);
  });

  it.each(['to', 'from', 'both'] as const)('moves an item out of OTHERS when its subscription is %s', (subscription) => {
    expect(plan([marioEntry], [item({ name: 'Mario Rossi', groups: ['OTHERS', 'Work'], subscription })])).toEqual([
      {
        action: 'update',
        address: mario,
        reason: 'others_subscribed',
        item: item({ name: 'Mario Rossi', groups: ['Work', 'CONTACTS'], subscription }),
      },
    ]);
  });

  it('leaves an item in OTHERS with subscription none and the right name alone', () => {
    expect(plan([marioEntry], [item({ name: 'Mario Rossi', groups: ['OTHERS'] })])).toEqual([
      { action: 'skip', address: mario, reason: 'unchanged' },
    ]);
  });

  it('leaves an item that is already right alone, whatever its group', () => {
    for (const itemGroups of [['CONTACTS'], ['Friends'], ['CONTACTS', 'OTHERS']]) {
      expect(
        plan(
          [marioEntry],
          [item({ name: 'Mario Rossi', groups: itemGroups, subscription: itemGroups.includes('OTHERS') ? 'none' : 'both' })],
        ),
      ).toEqual([{ action: 'skip', address: mario, reason: 'unchanged' }]);
    }
  });

  it('names the first rule broken when several are', () => {
    expect(plan([marioEntry], [item({ groups: [] })])[0]).toMatchObject({ action: 'update', reason: 'no_group' });
    expect(plan([marioEntry], [item({ name: 'Old', groups: ['OTHERS'], subscription: 'both' })])[0]).toMatchObject({
      reason: 'different_name',
      item: { groups: ['CONTACTS'] },
    });
  });
});

describe('planRosterSync: entries that are never written', () => {
  it('skips numbers that are not registered', () => {
    expect(plan([{ name: 'Luca', address: '00393472222222' }])).toEqual([
      { action: 'skip', address: '00393472222222', reason: 'not_registered' },
    ]);
  });

  it('skips the sender themselves', () => {
    expect(plan([{ name: 'Me', address: '+39 000 000 0000' }], [], ['00390000000000'])).toEqual([
      { action: 'skip', address: '+39 000 000 0000', reason: 'self' },
    ]);
  });

  it('skips invalid numbers and blank names, and reports them as sent', () => {
    expect(
      plan([
        { name: 'X', address: 'call me' },
        { name: '  ', address: mario },
      ]),
    ).toEqual([
      { action: 'skip', address: 'call me', reason: 'invalid_address' },
      { action: 'skip', address: mario, reason: 'invalid_name' },
    ]);
  });

  it('writes a number once when the book holds it twice in different forms', () => {
    expect(
      plan([marioEntry, { name: 'Mario R.', address: '+39 347-111 1111' }]).map((decision) => [decision.action, decision.address]),
    ).toEqual([
      ['add', mario],
      ['skip', '+39 347-111 1111'],
    ]);
    expect(plan([marioEntry, { name: 'Mario R.', address: '+39 347-111 1111' }])[1]).toMatchObject({ reason: 'duplicate' });
  });

  it('matches roster JIDs case-insensitively and uses the configured group names', () => {
    const input: SyncPlanInput = {
      roster: [{ jid: `${mario}@EXAMPLE.test`, name: 'Mario Rossi', subscription: 'both', groups: ['Altri'] }],
      entries: [marioEntry],
      registered: new Set([mario]),
      sender: { local: 'me', domain },
      groups: { contacts: 'Rubrica', others: 'Altri' },
    };
    expect(planRosterSync(input)).toEqual([
      {
        action: 'update',
        address: mario,
        reason: 'others_subscribed',
        item: { jid: `${mario}@EXAMPLE.test`, name: 'Mario Rossi', subscription: 'both', groups: ['Rubrica'] },
      },
    ]);
  });
});
