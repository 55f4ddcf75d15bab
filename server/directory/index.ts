import type { ProsodyStore } from './account-directory';
import { openFileAccountDirectory } from './file-accounts';
import { openSqlAccountDirectory } from './sql-accounts';

/**
 * The account directory behind cmd_search_users and cmd_add_to_roster, from XMPP_ACCOUNT_STORE:
 * `sql:<postgres url>` for Prosody's SQL store, `file:<prosody data_path>` for its internal store.
 */
export function openAccountDirectory(accountStore: string): ProsodyStore {
  const separator = accountStore.indexOf(':');
  const kind = accountStore.slice(0, separator);
  const location = accountStore.slice(separator + 1);
  if (separator > 0 && location !== '') {
    if (kind === 'sql') return openSqlAccountDirectory(location);
    if (kind === 'file') return openFileAccountDirectory(location);
  }
  // The value may hold a password: name only its kind.
  throw new Error(`XMPP_ACCOUNT_STORE of unknown kind "${kind}": expected sql:<postgres url> or file:<prosody data_path>`);
}
