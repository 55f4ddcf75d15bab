import type { CommandHandler } from '../command';
import { addToRoster } from './add-to-roster';
import { checkClientVersion } from './check-client-version';
import { getChannels } from './get-channels';
import { searchUsers } from './search-users';
import { subscribeToChannel } from './subscribe-to-channel';
import { unsubscribeToChannel } from './unsubscribe-to-channel';

/** The one dispatch table: a request's `type` names its handler. */
export const commands: ReadonlyMap<string, CommandHandler<unknown>> = new Map(
  [searchUsers, addToRoster, checkClientVersion, getChannels, subscribeToChannel, unsubscribeToChannel].map((handler) => [
    handler.name,
    handler as CommandHandler<unknown>,
  ]),
);
