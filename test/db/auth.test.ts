import { beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, operatorSessions, operators } from '@/db/schema';
import { systemActor } from '@/server/audit';
import { operatorActor } from '@/server/auth/actor';
import { hashToken, operatorForToken, revokeSession } from '@/server/auth/sessions';
import { signIn as signInWith, type SignInRequest } from '@/server/auth/sign-in';
import { createSignInThrottle, signInThrottleRules, type SignInThrottle } from '@/server/auth/sign-in-throttle';
import { Refusal } from '@/lib/refusal';
import {
  changeOperatorRole,
  changeOwnPassword,
  createFirstAdmin,
  createOperator,
  listOperators,
  resetOperatorPassword,
  revokeSessionsOf,
  setOperatorDisabled,
} from '@/server/operators/repository';
import type { Db } from '@/db/client';
import { databaseKinds } from '../support/databases';
import { useTestDb } from './database-hooks';

const password = 'correct horse battery staple';
const attempt = (email: string, secret = password, clientAddress = '10.0.0.1') => ({
  email,
  password: secret,
  clientAddress,
  userAgent: 'vitest',
});

describe.each(databaseKinds)('operators and sign-in on %s', (kind) => {
  const db = useTestDb(kind);
  // Each test gets a throttle of its own, on a clock it moves by hand.
  const clock = { now: 0 };
  let throttle: SignInThrottle;
  beforeEach(() => {
    clock.now = Date.now();
    throttle = createSignInThrottle({ now: () => clock.now });
  });
  const signIn = (database: Db, request: SignInRequest) => signInWith(database, request, throttle);

  it('creates the first admin once, with an argon2id hash and never the password', async () => {
    const admin = await createFirstAdmin(db(), { email: ' Boss@Example.TEST ', password, name: 'Boss' });
    expect(admin).toMatchObject({ email: 'boss@example.test', role: 'admin' });
    expect(admin).not.toHaveProperty('passwordHash');
    expect(await createFirstAdmin(db(), { email: 'second@example.test', password })).toBeUndefined();
    const [stored] = await db().select().from(operators).where(eq(operators.email, 'boss@example.test'));
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored?.passwordHash).not.toContain(password);
  });

  it('signs in with the right password, stores only the token hash, and signs out', async () => {
    const result = await signIn(db(), attempt('BOSS@example.test'));
    if (result.kind !== 'signed-in') throw new Error(`expected a session, got ${result.kind}`);
    const rows = await db()
      .select()
      .from(operatorSessions)
      .where(eq(operatorSessions.tokenHash, hashToken(result.token)));
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(result.token);
    expect((await operatorForToken(db(), result.token))?.email).toBe('boss@example.test');
    await revokeSession(db(), result.token);
    expect(await operatorForToken(db(), result.token)).toBeUndefined();
  });

  it('refuses a wrong password and an unknown email with the same answer', async () => {
    expect(await signIn(db(), attempt('boss@example.test', 'wrong password', '10.0.0.2'))).toEqual({ kind: 'refused' });
    expect(await signIn(db(), attempt('nobody@example.test', password, '10.0.0.2'))).toEqual({ kind: 'refused' });
  });

  it('ends a session at its expiry', async () => {
    const result = await signIn(db(), attempt('boss@example.test', password, '10.0.0.3'));
    if (result.kind !== 'signed-in') throw new Error('expected a session');
    const [session] = await db()
      .select()
      .from(operatorSessions)
      .where(eq(operatorSessions.tokenHash, hashToken(result.token)));
    expect(await operatorForToken(db(), result.token, new Date(session!.expiresAt.getTime() - 1000))).toBeDefined();
    expect(await operatorForToken(db(), result.token, session!.expiresAt)).toBeUndefined();
  });

  it('throttles an email and address after its free failures, even for the right password, for a bounded wait; another address signs in', async () => {
    const { freeFailures, firstDelayMs } = signInThrottleRules.accountAndAddress;
    await createOperator(db(), systemActor, { email: 'target@example.test', password, role: 'viewer' });
    for (let failure = 0; failure < freeFailures; failure += 1) {
      expect((await signIn(db(), attempt('target@example.test', 'guess', '10.9.9.9'))).kind).toBe('refused');
    }
    expect(await signIn(db(), attempt('target@example.test', password, '10.9.9.9'))).toEqual({
      kind: 'throttled',
      retryAfterMs: firstDelayMs,
    });
    expect((await signIn(db(), attempt('target@example.test', password, '10.1.1.1'))).kind).toBe('signed-in');
    clock.now += firstDelayMs;
    expect((await signIn(db(), attempt('target@example.test', password, '10.9.9.9'))).kind).toBe('signed-in');
  });

  it('slows an email guessed at from many addresses, but not from an address that signed in to it before', async () => {
    await createOperator(db(), systemActor, { email: 'spread@example.test', password, role: 'viewer' });
    expect((await signIn(db(), attempt('spread@example.test', password, '10.3.0.1'))).kind).toBe('signed-in');
    for (let failure = 0; failure < signInThrottleRules.account.freeFailures; failure += 1) {
      expect((await signIn(db(), attempt('spread@example.test', 'guess', `10.2.0.${failure}`))).kind).toBe('refused');
    }
    expect(await signIn(db(), attempt('spread@example.test', password, '10.3.0.2'))).toMatchObject({ kind: 'throttled' });
    expect((await signIn(db(), attempt('spread@example.test', password, '10.3.0.1'))).kind).toBe('signed-in');
  });

  it('refuses a short password and a duplicate email', async () => {
    await expect(createOperator(db(), systemActor, { email: 'short@example.test', password: 'short', role: 'viewer' })).rejects.toThrow(
      /at least 12/,
    );
    await expect(createOperator(db(), systemActor, { email: 'TARGET@example.test', password, role: 'viewer' })).rejects.toMatchObject({
      status: 409,
    });
  });

  it('changes roles, disables (ending sessions) and revokes, each audited; never the last admin', async () => {
    const [boss] = await db().select().from(operators).where(eq(operators.email, 'boss@example.test'));
    const admin = operatorActor(boss!);
    const editor = await createOperator(db(), admin, { email: 'editor@example.test', password, role: 'editor' });
    const session = await signIn(db(), attempt('editor@example.test', password, '10.4.0.1'));
    if (session.kind !== 'signed-in') throw new Error('expected a session');

    expect((await changeOperatorRole(db(), admin, editor.id, 'viewer')).role).toBe('viewer');
    expect((await listOperators(db())).find((row) => row.id === editor.id)?.openSessions).toBe(1);
    await setOperatorDisabled(db(), admin, editor.id, true);
    expect(await operatorForToken(db(), session.token)).toBeUndefined();
    expect((await signIn(db(), attempt('editor@example.test', password, '10.4.0.1'))).kind).toBe('refused');
    await setOperatorDisabled(db(), admin, editor.id, false);
    expect((await signIn(db(), attempt('editor@example.test', password, '10.4.0.1'))).kind).toBe('signed-in');
    expect(await revokeSessionsOf(db(), admin, editor.id)).toBe(1);

    await expect(changeOperatorRole(db(), admin, boss!.id, 'editor')).rejects.toBeInstanceOf(Refusal);
    await expect(setOperatorDisabled(db(), admin, boss!.id, true)).rejects.toThrow(/yourself/);

    const entries = await db()
      .select()
      .from(auditLog)
      .where(eq(auditLog.objectId, String(editor.id)))
      .orderBy(auditLog.id);
    expect(entries.map((entry) => [entry.actor, entry.action])).toEqual([
      ['boss@example.test', 'create'],
      ['boss@example.test', 'change_role'],
      ['boss@example.test', 'disable'],
      ['boss@example.test', 'enable'],
      ['boss@example.test', 'revoke_sessions'],
    ]);
    expect(JSON.stringify(entries)).not.toContain('argon2');
  });

  it('changes your own password with the current one: other sessions end, this one stays; wrong guesses count', async () => {
    const [boss] = await db().select().from(operators).where(eq(operators.email, 'boss@example.test'));
    const self = await createOperator(db(), operatorActor(boss!), { email: 'self@example.test', password, role: 'viewer' });
    const signInAs = async (secret: string) => {
      const result = await signIn(db(), attempt('self@example.test', secret, '10.5.0.1'));
      if (result.kind !== 'signed-in') throw new Error(`expected a session, got ${result.kind}`);
      return result.token;
    };
    const [here, elsewhere] = [await signInAs(password), await signInAs(password)];
    const change = (currentPassword: string, newPassword: string) =>
      changeOwnPassword(db(), self, { currentPassword, newPassword, sessionToken: here, clientAddress: '10.5.0.2' }, throttle);

    expect(await change('not my password', 'a brand new password')).toEqual({ kind: 'wrong-password' });
    expect((await signIn(db(), attempt('self@example.test'))).kind).toBe('signed-in');
    expect(await change(password, 'a brand new password')).toEqual({ kind: 'changed', revokedSessions: 2 });
    expect(await operatorForToken(db(), here)).toMatchObject({ email: 'self@example.test' });
    expect(await operatorForToken(db(), elsewhere)).toBeUndefined();
    expect((await signIn(db(), attempt('self@example.test', password, '10.5.0.3'))).kind).toBe('refused');
    await signInAs('a brand new password');

    const { freeFailures, firstDelayMs } = signInThrottleRules.accountAndAddress;
    for (let failure = 0; failure < freeFailures; failure++)
      expect(await change('wrong again', 'whatever password')).toEqual({ kind: 'wrong-password' });
    expect(await change('a brand new password', 'yet another password')).toEqual({ kind: 'throttled', retryAfterMs: firstDelayMs });
    clock.now += firstDelayMs;
    expect(await change('a brand new password', 'yet another password')).toMatchObject({ kind: 'changed' });
    const actions = await db()
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.objectId, String(self.id)));
    expect(actions.map((row) => row.action)).toEqual(['create', 'change_password', 'change_password']);
  });

  it("resets an operator's password as an admin: every session of theirs ends, audited without the hash", async () => {
    const [boss] = await db().select().from(operators).where(eq(operators.email, 'boss@example.test'));
    const forgetful = await createOperator(db(), operatorActor(boss!), { email: 'forgetful@example.test', password, role: 'editor' });
    const session = await signIn(db(), attempt('forgetful@example.test', password, '10.6.0.1'));
    if (session.kind !== 'signed-in') throw new Error('expected a session');

    await resetOperatorPassword(db(), operatorActor(boss!), forgetful.id, 'the password an admin chose');
    expect(await operatorForToken(db(), session.token)).toBeUndefined();
    expect((await signIn(db(), attempt('forgetful@example.test', password, '10.6.0.1'))).kind).toBe('refused');
    expect((await signIn(db(), attempt('forgetful@example.test', 'the password an admin chose', '10.6.0.1'))).kind).toBe('signed-in');
    await expect(resetOperatorPassword(db(), operatorActor(boss!), 99_999, 'the password an admin chose')).rejects.toMatchObject({
      status: 404,
    });
    const [entry] = await db().select().from(auditLog).where(eq(auditLog.action, 'reset_password'));
    expect(entry).toMatchObject({ actor: 'boss@example.test', objectId: String(forgetful.id), after: { revokedSessions: 1 } });
  });
});
