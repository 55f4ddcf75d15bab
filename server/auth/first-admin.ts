import type { Db } from '@/db/client';
import type { Settings } from '../config';
import { log } from '../log';
import { countOperators, createFirstAdmin } from '../operators/repository';

/**
 * Start-up: with ADMIN_EMAIL and ADMIN_PASSWORD set and no operator yet, that admin is created;
 * without them the console's first visitor is sent to /setup. There is never a default password.
 */
export async function ensureFirstAdmin(db: Db, config: Pick<Settings, 'ADMIN_EMAIL' | 'ADMIN_PASSWORD'>): Promise<void> {
  if (!config.ADMIN_EMAIL || !config.ADMIN_PASSWORD) {
    if (config.ADMIN_EMAIL || config.ADMIN_PASSWORD) log.warn('admin.incomplete', { hint: 'set both ADMIN_EMAIL and ADMIN_PASSWORD' });
    if ((await countOperators(db)) === 0) log.info('admin.setup_needed', { hint: 'open the console: /setup creates the first admin' });
    return;
  }
  const created = await createFirstAdmin(db, { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD, name: 'Administrator' });
  if (created) log.info('admin.created', { email: created.email });
}
