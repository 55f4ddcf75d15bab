/** Which accounts exist on the XMPP server (Prosody's account store). */
export interface AccountDirectory {
  /** The subset of `localparts` registered on `domain`, in one lookup. */
  registered(domain: string, localparts: string[]): Promise<Set<string>>;
  close(): Promise<void>;
}

/** Prosody's own store, read directly: its accounts, and whether a user's stored roster changed. */
export interface ProsodyStore extends AccountDirectory {
  /**
   * A hash of the user's roster as the store holds it, so it differs whenever the roster changed
   * (Prosody also moves the roster's version on every save); undefined when the store holds no
   * roster for the user (none yet, or rosters are kept in another store).
   */
  rosterFingerprint(domain: string, localpart: string): Promise<string | undefined>;
}
