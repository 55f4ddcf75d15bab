import { NextResponse } from 'next/server';
import { getDb } from '@/server/database';
import { checkHealth } from '@/server/status/health';

/**
 * Readiness, for load balancers and orchestrators (docs/operations.md): 200 when the database
 * answers and the XMPP component is connected, 503 naming what is down otherwise. No session.
 */
export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const health = await checkHealth(getDb);
  return NextResponse.json(health, { status: health.ok ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
