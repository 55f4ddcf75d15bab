import { subscribe } from '../../channels/repository';
import { channelMembershipCommand } from './channel-membership';

export const subscribeToChannel = channelMembershipCommand('cmd_subscribe_to_channel', subscribe);
