/**
 * The request examples of the protocol spec (../shared/spec/xmpp_service_protocol.txt), copied
 * as they are; only the `to` address is changed, to our component, by `addressed`.
 */
export const specRequests = {
  checkClientVersion: `<message to="xmpp_service@monksoftware.it" id="1486028547270039399072925" type="chat">
    <body />
    <x xmlns="jabber:x:oob">
        <type>cmd_check_client_version</type>
        <action>cmd_check_client_version</action>
        <payload>
        {
           status: 0,
           errorCode: null,
           errorMessage: [],
           osCode: "ANDROID",
           packageName: "it.monksoftware.eime",
           buildNumber: 141,
           apiVersion: 2
        }
        </payload>
    </x>
</message>`,
  getChannels: `<message to="xmpp_service@ciaoamici" id="1486028547270039399072925" type="chat">
    <body />
    <x xmlns="jabber:x:oob">
        <type>cmd_get_channels</type>
        <action>cmd_get_channels</action>
        <payload>{
            onlySubscribed: true
        }</payload>
    </x>
</message>`,
  subscribeToChannel: `<message to='xmpp_service@DOMAIN' id='123456789' type='chat'>
    <x xmlns='jabber:x:oob'>
        <type>cmd_subscribe_to_channel</type>
        <action>cmd_subscribe_to_channel</action>
        <payload>{
            "channel": "channel1"
        }</payload>
    </x>
    <request xmlns='urn:xmpp:receipts'/>
</message>`,
  unsubscribeToChannel: `<message to='xmpp_service@DOMAIN' id='123456789' type='chat'>
    <x xmlns='jabber:x:oob'>
        <type>cmd_unsubscribe_to_channel</type>
        <action>cmd_unsubscribe_to_channel</action>
        <payload>{
            "channel": "channel1"
        }</payload>
    </x>
    <request xmlns='urn:xmpp:receipts'/>
</message>`,
  searchUsers: `<message to="xmpp_service@monksoftware.it" id="1486028547270039399072925" type="chat">
       <body />
       <x xmlns="jabber:x:oob">
           <type>cmd_search_users</type>
           <payload>
           {
              userList: ["00393296260815","00393333333333","00393490899289","00393494371802","00393497588825"]
           }
          </payload>
       </x>
       <body/>
   </message>`,
  addToRoster: `<message to="xmpp_service@monksoftware.it" id="1486028547270039399072925" type="chat">
    <body />
    <x xmlns="jabber:x:oob">
        <type>cmd_add_to_roster</type>
        <action>cmd_add_to_roster</action>
        <payload>{
            "channelUsers":[
            {
              "name": "Mario Rossi",
              "address": "00393471111111"
            },
            {
              "name": "Luca Rossi",
              "address": "00393472222222"
            }
          ]
        }</payload>
    </x>
</message>`,
};

/** The spec's check-version response example: what the seeded rule answers to its request. */
export const specCheckVersionResponse = {
  status: -1,
  errorCode: null,
  errorMessage: [{ message: 'Unaccepted version of client', downloadLink: 'http://liam.monksoftware.it/current.apk' }],
};

/** What the spec's add-to-roster example yields when both numbers are registered on served.test: the response and the roster. */
export const specAddToRosterOutcome = {
  response: { status: 0, errorCode: null, errorMessage: [], added: ['00393471111111', '00393472222222'], updated: [], skipped: [] },
  rosterItems: [
    { jid: '00393471111111@served.test', name: 'Mario Rossi', subscription: 'none', groups: ['CONTACTS'] },
    { jid: '00393472222222@served.test', name: 'Luca Rossi', subscription: 'none', groups: ['CONTACTS'] },
  ],
};

/** The example with its first `to` attribute pointed at `to`. */
export function addressed(stanza: string, to: string): string {
  return stanza.replace(/ to=(["'])[^"']*\1/, ` to="${to}"`);
}
