import { sql } from 'drizzle-orm';
import { NextResponse } from 'next/server';
import type { z } from 'zod';
import { type Db } from '@/db/client';
import { getDb } from '@/server/database';
import type { Actor } from '../audit';
import { operatorActor } from '../auth/actor';
import { readCookie, sessionCookieName } from '../auth/cookie';
import { hasRole, type Role } from '../../lib/auth/roles';
import { operatorForToken, type OperatorView } from '../auth/sessions';
import { log } from '../log';
import { isDatabaseUnreachable, unreachableReason } from '../database-errors';
import { databaseUnavailableMessage, firstDatabaseRead } from './database-outage';
import { escapeForbiddenCharacters, findForbiddenText, firstForbiddenCharacter, type ForbiddenText } from '../../lib/xml-characters';
import { Refusal } from '../../lib/refusal';

/**
 * Every console API route goes through `apiRoute`: it checks the session and the role, validates
 * the body with zod, answers errors as JSON `{ error, details? }` with the right status, and never
 * leaks a stack trace. Only sign-in and first-run setup use `publicApiRoute`.
 */

export interface PublicApiContext<Body> {
  request: Request;
  db: Db;
  body: Body;
  params: Record<string, string>;
  searchParams: URLSearchParams;
}

export interface ApiContext<Body> extends PublicApiContext<Body> {
  operator: OperatorView;
  /** The signed-in operator as recorded in the audit log. */
  actor: Actor;
}

interface RouteOptions<Body> {
  body?: z.ZodType<Body>;
}

interface SignedInRouteOptions<Body> extends RouteOptions<Body> {
  /** Least role allowed; by default viewer for GET and HEAD, editor for every method that changes something. */
  role?: Role;
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };

export function apiRoute<Body = undefined>(
  options: SignedInRouteOptions<Body>,
  handler: (ctx: ApiContext<Body>) => Promise<unknown>,
): (request: Request, context: RouteContext) => Promise<Response> {
  return handleRequests(
    options,
    async (request, db) => {
      const operator = await operatorForToken(db, readCookie(request.headers.get('cookie'), sessionCookieName));
      if (!operator) throw new Refusal(401, 'You are not signed in, or your session has ended. Sign in again.');
      const needed = options.role ?? (['GET', 'HEAD'].includes(request.method) ? 'viewer' : 'editor');
      if (!hasRole(operator.role, needed)) throw new Refusal(403, `This needs the ${needed} role; you are signed in as ${operator.role}.`);
      return { operator, actor: operatorActor(operator) };
    },
    handler,
  );
}

export function publicApiRoute<Body = undefined>(
  options: RouteOptions<Body>,
  handler: (ctx: PublicApiContext<Body>) => Promise<unknown>,
): (request: Request, context: RouteContext) => Promise<Response> {
  // Nobody to identify, but the handler's first read is bounded all the same: a database that is
  // silent answers a sign-in with 503 within the console's deadline instead of a request that hangs.
  return handleRequests(
    options,
    async (_request, db) => {
      await db.execute(sql`SELECT 1`);
      return {};
    },
    handler,
  );
}

/** Who is asking is settled before the body is even read: an anonymous caller learns nothing about the fields. */
function handleRequests<Body, Identity extends object>(
  options: RouteOptions<Body>,
  identify: (request: Request, db: Db) => Promise<Identity>,
  handler: (ctx: PublicApiContext<Body> & Identity) => Promise<unknown>,
): (request: Request, context: RouteContext) => Promise<Response> {
  return async (request, context) => {
    try {
      refuseCrossOriginWrites(request);
      const db = await getDb();
      const identity = await firstDatabaseRead(identify(request, db));
      const params = Object.fromEntries(
        Object.entries((await context?.params) ?? {}).map(([key, value]) => [key, Array.isArray(value) ? value.join('/') : value]),
      );
      const searchParams = new URL(request.url).searchParams;
      refuseForbiddenCharacters('path', Object.entries(params));
      refuseForbiddenCharacters('query', [...searchParams.entries()]);
      const body = options.body ? await parseBody(request, options.body) : (undefined as Body);
      const result = await handler({ ...identity, request, db, body, params, searchParams });
      return result instanceof Response ? result : NextResponse.json(result ?? { ok: true });
    } catch (error) {
      if (error instanceof Refusal) return NextResponse.json({ error: error.message, details: error.details }, { status: error.status });
      if (isDatabaseUnreachable(error)) {
        log.warn('api.database_unavailable', { method: request.method, url: request.url, reason: unreachableReason(error) });
        return NextResponse.json(
          { error: databaseUnavailableMessage, down: ['database'] },
          { status: 503, headers: { 'retry-after': '5' } },
        );
      }
      log.error('api.failed', { method: request.method, url: request.url, err: error });
      return NextResponse.json({ error: 'Something went wrong on the server; it has been logged.' }, { status: 500 });
    }
  };
}

/**
 * SameSite=Lax keeps other sites' forms from sending the session cookie, but not pages of the same
 * site on another port; a browser always names the page's origin on a write, so compare it.
 */
function refuseCrossOriginWrites(request: Request): void {
  const origin = request.headers.get('origin');
  if (!origin || ['GET', 'HEAD'].includes(request.method)) return;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  if (URL.canParse(origin) && new URL(origin).host === host) return;
  throw new Refusal(403, 'This request came from another site and was refused.');
}

/**
 * Text holding a character XML forbids (a NUL, U+FFFF, half a surrogate pair) can be neither
 * stored nor sent to chat clients: refused here, once for every route, before any handler or
 * query sees it. docs/console.md says so.
 */
function refuseForbiddenCharacters(where: 'path' | 'query', entries: Array<[string, string]>): void {
  for (const [name, value] of entries) {
    const character = firstForbiddenCharacter(name) ?? firstForbiddenCharacter(value);
    if (character)
      throw new Refusal(
        400,
        `The ${where} parameter "${escapeForbiddenCharacters(name)}" contains ${character}, a character that is not allowed.`,
      );
  }
}

function forbiddenDetail(found: ForbiddenText) {
  return {
    path: found.path,
    message: `Contains ${found.character}, a character that cannot be stored or sent to chat clients. Remove it.`,
  };
}

async function parseBody<Body>(request: Request, schema: z.ZodType<Body>): Promise<Body> {
  let raw: unknown;
  try {
    raw = await request.json();
  } catch {
    throw new Refusal(400, 'The request body is not valid JSON.');
  }
  const forbidden = findForbiddenText(raw);
  if (forbidden.length > 0) throw new Refusal(400, 'Some fields are not valid.', forbidden.map(forbiddenDetail));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new Refusal(
      400,
      'Some fields are not valid.',
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
  return parsed.data;
}
