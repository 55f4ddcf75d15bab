import { describe, expect, it } from 'vitest';
import { addressKey, createSignInThrottle, delayAfter, signInThrottleRules, type ThrottleRules } from './sign-in-throttle';

/** A throttle on a clock the test moves by hand. */
function throttleAt(rules: ThrottleRules = signInThrottleRules) {
  const clock = { now: 1_000_000 };
  const throttle = createSignInThrottle({ now: () => clock.now, rules });
  const fail = (account: string, address: string, accountExists = true) => throttle.recordFailure({ account, address, accountExists });
  /** Fails `times` times, each at the moment the throttle allows it (as a patient attacker would). */
  const failAsSoonAsAllowed = (account: string, address: string, times: number, accountExists = true) => {
    for (let failure = 0; failure < times; failure++) {
      clock.now += throttle.waitMs({ account, address });
      fail(account, address, accountExists);
    }
  };
  return { clock, throttle, fail, failAsSoonAsAllowed, wait: (account: string, address: string) => throttle.waitMs({ account, address }) };
}

describe('delayAfter', () => {
  it('is free for the first failures, then doubles up to the cap', () => {
    const rule = { freeFailures: 3, firstDelayMs: 1000, doublesEvery: 1, maxDelayMs: 60_000 };
    expect([0, 1, 2, 3, 4, 5, 6, 8, 9, 1000].map((failures) => delayAfter(rule, failures))).toEqual([
      0, 0, 0, 1000, 2000, 4000, 8000, 32_000, 60_000, 60_000,
    ]);
  });

  it('grows more slowly when it doubles every few failures', () => {
    const rule = { freeFailures: 2, firstDelayMs: 1000, doublesEvery: 3, maxDelayMs: 5000 };
    expect([1, 2, 3, 4, 5, 6, 8, 11].map((failures) => delayAfter(rule, failures))).toEqual([0, 1000, 1000, 1000, 2000, 2000, 4000, 5000]);
  });
});

describe('addressKey', () => {
  it('counts an IPv6 /64 as one address and leaves IPv4 and other names alone', () => {
    expect(addressKey('2001:db8:aa:bb:1:2:3:4')).toBe('2001:db8:aa:bb::/64');
    expect(addressKey('2001:0db8:00aa:00bb:ffff::1')).toBe('2001:db8:aa:bb::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('unknown')).toBe('unknown');
  });
});

describe('sign-in throttle', () => {
  const { accountAndAddress, address, account } = signInThrottleRules;

  it('lets the free failures through, then makes the next attempt wait a delay that doubles', () => {
    const { clock, fail, wait } = throttleAt();
    for (let failure = 0; failure < accountAndAddress.freeFailures; failure++) {
      expect(wait('op@example.test', '192.0.2.1')).toBe(0);
      fail('op@example.test', '192.0.2.1');
    }
    expect(wait('op@example.test', '192.0.2.1')).toBe(accountAndAddress.firstDelayMs);
    clock.now += accountAndAddress.firstDelayMs - 1;
    expect(wait('op@example.test', '192.0.2.1')).toBe(1);
    clock.now += 1;
    expect(wait('op@example.test', '192.0.2.1')).toBe(0);
    fail('op@example.test', '192.0.2.1');
    expect(wait('op@example.test', '192.0.2.1')).toBe(2 * accountAndAddress.firstDelayMs);
  });

  it('never waits longer than the cap, however many failures: a delay, not a lock-out', () => {
    const { failAsSoonAsAllowed, wait } = throttleAt();
    failAsSoonAsAllowed('op@example.test', '192.0.2.1', 200);
    expect(wait('op@example.test', '192.0.2.1')).toBe(Math.max(accountAndAddress.maxDelayMs, address.maxDelayMs, account.maxDelayMs));
  });

  it('does not slow the operator at another address down because of one attacking address', () => {
    const { failAsSoonAsAllowed, wait } = throttleAt();
    failAsSoonAsAllowed('op@example.test', '203.0.113.9', 50);
    expect(wait('op@example.test', '203.0.113.9')).toBeGreaterThan(0);
    expect(wait('op@example.test', '192.0.2.1')).toBe(0);
  });

  it('slows an account many addresses guess at, by at most its cap, and not from an address that signed in to it before', () => {
    const { clock, throttle, fail, wait } = throttleAt();
    throttle.recordSuccess({ account: 'op@example.test', address: '192.0.2.1' });
    for (let bot = 0; bot < 200; bot++) {
      clock.now += throttle.waitMs({ account: 'op@example.test', address: `198.51.${bot >> 8}.${bot & 255}` });
      fail('op@example.test', `198.51.${bot >> 8}.${bot & 255}`);
    }
    expect(wait('op@example.test', '203.0.113.50')).toBe(account.maxDelayMs);
    expect(wait('op@example.test', '192.0.2.1')).toBe(0);
    expect(wait('other@example.test', '203.0.113.50')).toBe(0);
  });

  it('slows one address guessing many accounts, except on an account it signed in to before', () => {
    const { throttle, fail, wait } = throttleAt();
    throttle.recordSuccess({ account: 'mine@example.test', address: '203.0.113.9' });
    for (let target = 0; target < address.freeFailures; target++) fail(`user${target}@example.test`, '203.0.113.9');
    expect(wait('someone-else@example.test', '203.0.113.9')).toBe(address.firstDelayMs);
    expect(wait('mine@example.test', '203.0.113.9')).toBe(0);
  });

  it('counts every address of an IPv6 /64 as one', () => {
    const { fail, wait } = throttleAt();
    for (let failure = 0; failure < accountAndAddress.freeFailures; failure++) fail('op@example.test', `2001:db8:1:2::${failure + 1}`);
    expect(wait('op@example.test', '2001:db8:1:2:ffff::9')).toBe(accountAndAddress.firstDelayMs);
    expect(wait('op@example.test', '2001:db8:1:3::1')).toBe(0);
  });

  it('keeps no per-account counter for an email that is no account', () => {
    const { failAsSoonAsAllowed, throttle, wait } = throttleAt();
    failAsSoonAsAllowed('nobody@example.test', '203.0.113.9', account.freeFailures + 5, false);
    expect(wait('nobody@example.test', '192.0.2.1')).toBe(0);
    expect(throttle.size()).toBe(2);
  });

  it('clears the account-and-address counter on success, and forgets the rest after a quiet spell', () => {
    const { clock, throttle, fail, failAsSoonAsAllowed, wait } = throttleAt();
    failAsSoonAsAllowed('op@example.test', '192.0.2.1', accountAndAddress.freeFailures);
    clock.now += throttle.waitMs({ account: 'op@example.test', address: '192.0.2.1' });
    throttle.recordSuccess({ account: 'op@example.test', address: '192.0.2.1' });
    fail('op@example.test', '192.0.2.1');
    expect(wait('op@example.test', '192.0.2.1')).toBe(0);

    failAsSoonAsAllowed('op@example.test', '203.0.113.9', 10);
    expect(wait('op@example.test', '203.0.113.9')).toBeGreaterThan(0);
    clock.now += signInThrottleRules.forgetAfterMs;
    expect(wait('op@example.test', '203.0.113.9')).toBe(0);
    fail('op@example.test', '203.0.113.9');
    expect(wait('op@example.test', '203.0.113.9')).toBe(0);
  });

  it('holds a bounded number of entries however many addresses an attacker rotates through', () => {
    const rules = { ...signInThrottleRules, capacity: 50 };
    const { fail, throttle } = throttleAt(rules);
    for (let bot = 0; bot < 5000; bot++) fail(`guess${bot}@example.test`, `10.${bot >> 16}.${(bot >> 8) & 255}.${bot & 255}`, false);
    expect(throttle.size()).toBeLessThanOrEqual(2 * rules.capacity);
  });

  it('never drops a per-account counter for an account under attack from rotating addresses', () => {
    const rules = { ...signInThrottleRules, capacity: 50 };
    const { clock, throttle, fail, wait } = throttleAt(rules);
    for (let bot = 0; bot < 5000; bot++) {
      const from = `10.${bot >> 16}.${(bot >> 8) & 255}.${bot & 255}`;
      clock.now += throttle.waitMs({ account: 'op@example.test', address: from });
      fail('op@example.test', from);
    }
    expect(wait('op@example.test', '192.0.2.1')).toBe(account.maxDelayMs);
  });
});
