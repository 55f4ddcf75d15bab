import { NextResponse } from 'next/server';

/**
 * Liveness: the process serves HTTP. It touches nothing else, so an outage of the database or of
 * XMPP (which the process rides out by itself) never gets the process restarted.
 */
export const dynamic = 'force-dynamic';

export function GET(): Response {
  return NextResponse.json({ ok: true }, { headers: { 'cache-control': 'no-store' } });
}
