import { sql } from 'drizzle-orm';
import xml from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { commandMetrics } from '@/db/schema';
import { oobNs } from '@/server/worker/envelope';
import { serviceJid } from '../support/xmpp-harness';
import { serverSetups, useXmppHarness } from './harness-hooks';
import { generateFuzzCases } from './fuzz-cases';

const knownErrorCodes = new Set(['INVALID_PAYLOAD', 'UNKNOWN_COMMAND', 'PAYLOAD_TOO_LARGE']);

describe.each(serverSetups)('fuzz on $name', ({ options }) => {
  const harness = useXmppHarness(options);

  it('answers each of 2,000+ malformed, truncated, oversized and wrong-typed commands with a well-formed error, then serves normally', async () => {
    const user = await harness().createUser();
    const cases = generateFuzzCases(2_000, 20_261_125);
    expect(cases.length).toBeGreaterThanOrEqual(2_000);
    const seen = new Map<string, number>();
    for (const [index, fuzz] of cases.entries()) {
      const withAction = index % 3 !== 0;
      await user.send(
        xml(
          'message',
          { to: serviceJid, id: `fuzz-${index}`, type: 'chat' },
          xml(
            'x',
            { xmlns: oobNs },
            xml('type', {}, fuzz.type),
            withAction ? xml('action', {}, `fuzz-${index}`) : null,
            fuzz.payload === null ? null : xml('payload', {}, fuzz.payload),
          ),
        ),
      );
      const response = await user.response();
      const label = `case ${index} (${fuzz.kind}): ${fuzz.type.slice(0, 40)} ${String(fuzz.payload).slice(0, 80)}`;
      expect(response.action, label).toBe(withAction ? `fuzz-${index}` : response.type);
      expect(response.payload.status, label).toBe(1);
      expect(response.payload.errorCode, label).toBe(fuzz.expected);
      expect(knownErrorCodes.has(response.payload.errorCode!), label).toBe(true);
      expect(response.payload.errorMessage.length, label).toBeGreaterThan(0);
      for (const entry of response.payload.errorMessage) expect(typeof entry.message, label).toBe('string');
      seen.set(fuzz.kind, (seen.get(fuzz.kind) ?? 0) + 1);
    }
    expect([...seen.keys()].sort()).toEqual(
      ['deep', 'garbage', 'missing-field', 'no-payload', 'not-an-object', 'oversized', 'truncated', 'unknown-type', 'wrong-typed'].sort(),
    );

    expect(harness().worker.online).toBe(true);
    const normal = await user.command('cmd_get_channels', '{}');
    expect(normal.payload).toEqual({ status: 0, errorCode: null, errorMessage: [], channelList: ['news', 'offers'] });

    await harness().worker.flush();
    const [counted] = await harness()
      .database.db.select({
        count: sql<number>`sum(${commandMetrics.count})`.mapWith(Number),
        errors: sql<number>`sum(${commandMetrics.errors})`.mapWith(Number),
      })
      .from(commandMetrics);
    expect(counted).toEqual({ count: cases.length + 1, errors: cases.length });
  });
});
