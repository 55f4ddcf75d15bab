import { NextResponse } from 'next/server';

/**
 * An API path no route serves answers like every other API refusal, a JSON `{ error }`, not the
 * console's HTML page. Optional catch-all, so `/api` itself is covered too.
 */
function noSuchRoute(request: Request): Response {
  return NextResponse.json({ error: `There is no API route ${request.method} ${new URL(request.url).pathname}.` }, { status: 404 });
}

export { noSuchRoute as GET, noSuchRoute as POST, noSuchRoute as PUT, noSuchRoute as PATCH, noSuchRoute as DELETE };
