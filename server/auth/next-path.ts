/** Only a path inside the console may follow sign-in: `?next=https://elsewhere` is not an open redirect. */
export function safeNextPath(next: string | string[] | undefined): string {
  const value = Array.isArray(next) ? next[0] : next;
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/buddies';
}
