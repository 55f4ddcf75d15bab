/** Which accounts exist on the XMPP server (Prosody's account store). */
export interface AccountDirectory {
  /** The subset of `localparts` registered on `domain`, in one lookup. */
  registered(domain: string, localparts: string[]): Promise<Set<string>>;
  close(): Promise<void>;
}
