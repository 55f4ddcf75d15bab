import { unsubscribe } from '../../channels/repository';
import { channelMembershipCommand } from './channel-membership';

export const unsubscribeToChannel = channelMembershipCommand('cmd_unsubscribe_to_channel', unsubscribe);
