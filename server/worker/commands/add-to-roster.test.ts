import { describe, expect, it } from 'vitest';
import { readSettings } from '../../config';
import type { CommandContext } from '../command';
import type { RosterItem } from '@/lib/protocol/response';
import { parseSender } from '../sender';
import { addToRoster } from './add-to-roster';

/**
 * A roster write refused part way, which no Prosody configuration produces on demand (XEP-0356
 * access is granted per host, for all writes or none: test/xmpp/roster-refused.test.ts shows
 * those end to end). The answer must list exactly what was written, and stop writing.
 */
describe('cmd_add_to_roster when one roster write is refused', () => {
  it('answers ROSTER_ERROR listing the items written before the refusal, and starts no further write', async () => {
    const book = Array.from({ length: 8 }, (_, index) => ({ name: `Contact ${index}`, address: `0039347000000${index}` }));
    const refused = `${book[2]!.address}@served.test`;
    const attempted: string[] = [];
    const refusal = Object.assign(new Error('forbidden'), { name: 'StanzaError', condition: 'forbidden' });
    const ctx = {
      settings: readSettings({ NODE_ENV: 'test' }),
      sender: parseSender('00393479999999@served.test/phone')!,
      stanzaId: 'partial-write',
      directory: { registered: async (_domain: string, localparts: string[]) => new Set(localparts), close: async () => {} },
      roster: {
        get: async () => [],
        async set(item: RosterItem) {
          attempted.push(item.jid);
          // The refusal comes back at once; the accepted writes a turn of the event loop later.
          if (item.jid === refused) throw refusal;
          await new Promise((resolve) => setImmediate(resolve));
        },
      },
    } as unknown as CommandContext;

    const answer = await addToRoster.handle({ channelUsers: book }, ctx);

    // Four writes in flight; the refusal of the third keeps the last four from starting.
    expect(attempted).toEqual(book.slice(0, 4).map((entry) => `${entry.address}@served.test`));
    expect(answer).toEqual({
      status: 1,
      errorCode: 'ROSTER_ERROR',
      errorMessage: [
        {
          message:
            'Your roster could not be fully written (the XMPP server answered forbidden): 3 of 8 changes were made, listed in added and updated. ' +
            'Send the request again to complete it.',
        },
      ],
      added: [book[0]!.address, book[1]!.address, book[3]!.address],
      updated: [],
      skipped: [],
    });
  });
});
