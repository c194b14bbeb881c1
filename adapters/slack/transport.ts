import type { webApi } from '@slack/bolt';
import { request } from 'undici';

type FetchResponse = Awaited<ReturnType<webApi.FetchFunction>>;

/** The headers of an undici response as the Web API client reads them (lower-case names, joined repeats). */
function headersOf(raw: Record<string, string | string[] | undefined>): FetchResponse['headers'] {
  const entries = Object.entries(raw).flatMap(([name, value]): [string, string][] =>
    value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]],
  );
  const byName = new Map(entries);
  return { get: (name) => byName.get(name.toLowerCase()) ?? null, entries: () => entries };
}

/**
 * The Web API client's `fetch`, on undici's request API instead of WHATWG
 * fetch. Under load, fetch's Request/Response machinery (body streams, USV
 * conversion of the form body, abort wiring) cost more CPU than the rest of a
 * chat.postMessage call; a multi-kilobyte answer made it worse. Same
 * connection pool (undici's global dispatcher, which fetch uses too), same
 * bytes on the wire. A redirect is not followed, as `redirect: 'error'`
 * asks: it comes back as a non-200, which the client turns into an error.
 * Anything but a plain string body (a file upload's FormData) still goes
 * through fetch.
 */
export const leanFetch: webApi.FetchFunction = async (url, init = {}) => {
  if (init.body !== undefined && typeof init.body !== 'string') return fetch(url, init as RequestInit);
  const response = await request(url, {
    method: (init.method ?? 'GET') as 'POST',
    headers: init.headers,
    body: init.body,
    signal: init.signal,
  });
  // Read at once: the client leaves a 429's body unread, which would otherwise hold the connection.
  const body = Buffer.from(await response.body.arrayBuffer());
  return {
    ok: response.statusCode >= 200 && response.statusCode < 300,
    status: response.statusCode,
    statusText: '',
    url: String(url),
    headers: headersOf(response.headers),
    arrayBuffer: async () => body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer,
    json: async () => JSON.parse(body.toString('utf8')),
    text: async () => body.toString('utf8'),
  };
};
