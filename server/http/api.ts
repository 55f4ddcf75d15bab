import { NextResponse } from 'next/server';
import type { z } from 'zod';
import { getDb, type Db } from '@/db/client';
import { log } from '../log';

/**
 * Every console API route goes through `apiRoute`: it validates the body with zod, answers
 * errors as JSON `{ error, details? }` with the right status, and never leaks a stack trace.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface ApiContext<Body> {
  request: Request;
  db: Db;
  body: Body;
  params: Record<string, string>;
  searchParams: URLSearchParams;
}

interface RouteOptions<Body> {
  body?: z.ZodType<Body>;
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };

export function apiRoute<Body = undefined>(
  options: RouteOptions<Body>,
  handler: (ctx: ApiContext<Body>) => Promise<unknown>,
): (request: Request, context: RouteContext) => Promise<Response> {
  return async (request, context) => {
    try {
      const params = Object.fromEntries(
        Object.entries((await context?.params) ?? {}).map(([key, value]) => [key, Array.isArray(value) ? value.join('/') : value]),
      );
      const body = options.body ? await parseBody(request, options.body) : (undefined as Body);
      const result = await handler({ request, db: await getDb(), body, params, searchParams: new URL(request.url).searchParams });
      return result instanceof Response ? result : NextResponse.json(result ?? { ok: true });
    } catch (error) {
      if (error instanceof ApiError) return NextResponse.json({ error: error.message, details: error.details }, { status: error.status });
      log.error('api.failed', { method: request.method, url: request.url, err: error });
      return NextResponse.json({ error: 'Something went wrong on the server; it has been logged.' }, { status: 500 });
    }
  };
}

async function parseBody<Body>(request: Request, schema: z.ZodType<Body>): Promise<Body> {
  let raw: unknown;
  try {
    raw = await request.json();
  } catch {
    throw new ApiError(400, 'The request body is not valid JSON.');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new ApiError(
      400,
      'Some fields are not valid.',
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
  return parsed.data;
}
