import { isIP } from 'node:net';

/**
 * Sign-in throttling by progressive delay, never by lock-out (OWASP Authentication Cheat Sheet):
 * after a few failures an attempt must wait, the wait doubling with each further failure up to a
 * cap, so guessing becomes slow while the right password still gets in after a bounded wait.
 *
 * Three counters, each with its own rule:
 * - per account and address: the attacker at one address guessing one account;
 * - per address: one address guessing many accounts;
 * - per account: many addresses guessing one account. Each address adds at most its free failures
 *   to it (beyond them, its own counter slows it already), so one attacker cannot slow the operator
 *   down elsewhere. It grows more slowly, and an address that has signed in to the account before
 *   skips it (and the per-address one), so the operator at home is not slowed by a botnet
 *   hammering their account, nor by a neighbour behind the same NAT.
 *
 * An attempt made while it must wait is answered at once and counts for nothing, so hammering
 * costs the server no password hashing and the attacker no extra wait. A success clears the
 * account-and-address counter. A counter is forgotten once its last failure is `forgetAfterMs` old.
 * The state is in this process's memory and bounded: each kind of counter holds at most `capacity`
 * entries (the least recently failed are dropped first); per-account counters exist only for real
 * accounts. Dropping an attacker's entry gives them nothing: it takes `capacity` other addresses,
 * each of which had its free failures anyway, and the per-account counter is never dropped.
 */
export interface DelayRule {
  /** Failures without any wait. */
  freeFailures: number;
  /** The wait after the first failure beyond the free ones. */
  firstDelayMs: number;
  /** The wait doubles every this many further failures. */
  doublesEvery: number;
  maxDelayMs: number;
}

export interface ThrottleRules {
  accountAndAddress: DelayRule;
  address: DelayRule;
  account: DelayRule;
  forgetAfterMs: number;
  /** Entries per kind of counter; also the number of accounts whose known addresses are kept. */
  capacity: number;
  knownAddressesPerAccount: number;
}

export const signInThrottleRules: ThrottleRules = {
  accountAndAddress: { freeFailures: 3, firstDelayMs: 1_000, doublesEvery: 1, maxDelayMs: 60_000 },
  address: { freeFailures: 20, firstDelayMs: 1_000, doublesEvery: 1, maxDelayMs: 60_000 },
  account: { freeFailures: 10, firstDelayMs: 1_000, doublesEvery: 3, maxDelayMs: 15_000 },
  forgetAfterMs: 15 * 60_000,
  capacity: 10_000,
  knownAddressesPerAccount: 10,
};

/** The wait a counter with this many failures imposes after its last failure. */
export function delayAfter(rule: DelayRule, failures: number): number {
  if (failures < rule.freeFailures) return 0;
  const doublings = Math.floor((failures - rule.freeFailures) / rule.doublesEvery);
  return Math.min(rule.firstDelayMs * 2 ** Math.min(doublings, 30), rule.maxDelayMs);
}

/**
 * The address as counted: an IPv6 client usually holds a whole /64, so its 2^64 addresses are one;
 * IPv4 and anything else count as they are.
 */
export function addressKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = address.includes('::') ? (tail ? tail.split(':') : []) : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4 is handled before this) only ever sits in the last 64 bits.
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(Math.max(missing, 0)).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

interface Counter {
  failures: number;
  lastFailureAt: number;
}

/** A Map kept in least-recently-touched order and cut to `capacity` from the oldest end. */
class BoundedMap<Value> {
  private readonly entries = new Map<string, Value>();
  constructor(private readonly capacity: number) {}

  get(key: string): Value | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: Value): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

export interface Attempt {
  /** The normalized email. */
  account: string;
  /** The client address (server/http/forwarding.ts). */
  address: string;
}

export interface SignInThrottle {
  /** Milliseconds this attempt must still wait; 0 means it may be checked now. */
  waitMs(attempt: Attempt): number;
  /** A wrong password; `accountExists` false for an unknown email, which gets no per-account counter. */
  recordFailure(attempt: Attempt & { accountExists: boolean }): void;
  recordSuccess(attempt: Attempt): void;
  /** How many counters and known addresses are held, for the bound. */
  size(): number;
}

export function createSignInThrottle(options: { now?: () => number; rules?: ThrottleRules } = {}): SignInThrottle {
  const now = options.now ?? Date.now;
  const rules = options.rules ?? signInThrottleRules;
  const accountAndAddress = new BoundedMap<Counter>(rules.capacity);
  const address = new BoundedMap<Counter>(rules.capacity);
  const account = new BoundedMap<Counter>(rules.capacity);
  const knownAddresses = new BoundedMap<string[]>(rules.capacity);
  const pairKey = (attempt: Attempt) => `${attempt.account}\n${addressKey(attempt.address)}`;

  const remaining = (counters: BoundedMap<Counter>, key: string, rule: DelayRule, at: number): number => {
    const counter = counters.get(key);
    if (!counter) return 0;
    if (at - counter.lastFailureAt >= rules.forgetAfterMs) {
      counters.delete(key);
      return 0;
    }
    return Math.max(0, counter.lastFailureAt + delayAfter(rule, counter.failures) - at);
  };
  /** Counts one failure and returns the counter's failures before it. */
  const count = (counters: BoundedMap<Counter>, key: string, at: number): number => {
    const counter = counters.get(key);
    const before = !counter || at - counter.lastFailureAt >= rules.forgetAfterMs ? 0 : counter.failures;
    counters.set(key, { failures: before + 1, lastFailureAt: at });
    return before;
  };
  const isKnown = (attempt: Attempt) => knownAddresses.get(attempt.account)?.includes(addressKey(attempt.address)) ?? false;

  return {
    waitMs(attempt) {
      const at = now();
      const waits = [remaining(accountAndAddress, pairKey(attempt), rules.accountAndAddress, at)];
      if (!isKnown(attempt)) {
        waits.push(remaining(address, addressKey(attempt.address), rules.address, at));
        waits.push(remaining(account, attempt.account, rules.account, at));
      }
      return Math.max(...waits);
    },
    recordFailure(attempt) {
      const at = now();
      const beforeFromHere = count(accountAndAddress, pairKey(attempt), at);
      count(address, addressKey(attempt.address), at);
      // One address adds only its free failures to the account: it is already slowed by its own
      // counter, and must not be able to slow the operator down everywhere else.
      if (attempt.accountExists && beforeFromHere < rules.accountAndAddress.freeFailures) count(account, attempt.account, at);
    },
    recordSuccess(attempt) {
      accountAndAddress.delete(pairKey(attempt));
      const key = addressKey(attempt.address);
      const known = (knownAddresses.get(attempt.account) ?? []).filter((candidate) => candidate !== key);
      knownAddresses.set(attempt.account, [key, ...known].slice(0, rules.knownAddressesPerAccount));
    },
    size: () => accountAndAddress.size + address.size + account.size + knownAddresses.size,
  };
}

const processKey = Symbol.for('xmpp-service.sign-in-throttle');
type ProcessGlobal = typeof globalThis & { [processKey]?: SignInThrottle };

/** The one throttle of the process: Next.js may bundle the sign-in and password routes apart. */
export function processSignInThrottle(): SignInThrottle {
  const global = globalThis as ProcessGlobal;
  global[processKey] ??= createSignInThrottle();
  return global[processKey];
}
