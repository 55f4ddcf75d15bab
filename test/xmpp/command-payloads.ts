/**
 * For each command of the worker's dispatch table: a payload it accepts, and one its schema
 * refuses with the field named. Tests that show an error code for every command iterate over
 * these; errors.test.ts checks that they list exactly the commands the worker knows.
 */
export interface CommandPayloads {
  valid: Record<string, unknown>;
  /** Parses as JSON5 but breaks the command's schema at `field`. */
  schemaViolation: string;
  /** The path the INVALID_PAYLOAD message names. */
  field: string;
}

export const commandPayloads: Record<string, CommandPayloads> = {
  cmd_check_client_version: {
    valid: { osCode: 'ANDROID', packageName: 'it.monksoftware.eime', buildNumber: 141, apiVersion: 2 },
    schemaViolation: '{osCode: "ANDROID", packageName: "p", buildNumber: 1.5, apiVersion: 2}',
    field: 'buildNumber',
  },
  cmd_get_channels: { valid: { onlySubscribed: true }, schemaViolation: '{onlySubscribed: "yes"}', field: 'onlySubscribed' },
  cmd_subscribe_to_channel: { valid: { channel: 'news' }, schemaViolation: '{channel: 5}', field: 'channel' },
  cmd_unsubscribe_to_channel: { valid: { channel: 'news' }, schemaViolation: '{}', field: 'channel' },
  cmd_search_users: {
    valid: { userList: ['00393331234567', '+39 333 765 4321'] },
    schemaViolation: '{userList: "00393331234567"}',
    field: 'userList',
  },
  cmd_add_to_roster: {
    valid: { channelUsers: [{ name: 'Mario Rossi', address: '00393471111111' }] },
    schemaViolation: '{ channelUsers: [{ name: "Mario" }] }',
    field: 'channelUsers.0.address',
  },
};

/** The valid payload of `type`; throws for a command this table does not know. */
export function validPayloadOf(type: string): Record<string, unknown> {
  const payloads = commandPayloads[type];
  if (!payloads) throw new Error(`test/xmpp/command-payloads.ts has no payloads for ${type}`);
  return payloads.valid;
}
