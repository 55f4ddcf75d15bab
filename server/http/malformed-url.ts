import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A path whose percent-encoding does not decode (`%`, `%ZZ`, `%ED%A0%80`, which is no UTF-8) makes
 * Next.js fail inside its router with a 500. It is the client's error: answered here, before
 * Next.js sees it, with a 400 and a JSON `{ error }` like every other refusal of the API.
 */
export function isDecodablePath(url: string | undefined): boolean {
  const path = (url ?? '/').split('?')[0]!;
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

export function refuseUndecodablePath(request: IncomingMessage, response: ServerResponse): boolean {
  if (isDecodablePath(request.url)) return false;
  response.writeHead(400, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ error: 'The address is not valid: its percent-encoding does not decode to UTF-8 text.' }));
  return true;
}
