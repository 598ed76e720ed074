// `node:http` and Express adapter for any Fetch-API handler, without importing `node:` modules.
import { setClientAddress } from './rate-limit';

/**
 * The part of `node:http`'s `IncomingMessage` (and so Express's `req`) that `toNodeHandler` uses.
 * Typed structurally so the published types need no `@types/node` and the module no `node:` import.
 * @see docs/collector.md
 */
export interface NodeRequestLike {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  rawHeaders: string[];
  /** A TLS socket has `encrypted: true`; typed loosely so any socket type is accepted. */
  socket: object | null;
  readableEnded: boolean;
  /** Set by an Express body parser that has already read the stream. */
  body?: unknown;
  on(event: string, listener: (...args: any[]) => void): unknown;
  pause(): unknown;
  resume(): unknown;
}

/**
 * The part of `node:http`'s `ServerResponse` (and so Express's `res`) that `toNodeHandler` uses.
 * @see docs/collector.md
 */
export interface NodeResponseLike {
  statusCode: number;
  headersSent: boolean;
  setHeader(name: string, value: string | string[]): unknown;
  end(chunk?: Uint8Array): unknown;
  destroy(error?: Error): unknown;
}

/**
 * Adapts a Fetch-API handler (such as `createCollector()`'s) to `node:http` and Express:
 * `http.createServer(toNodeHandler(collect))` or `app.all('/csat', toNodeHandler(collect))`.
 * The request body is streamed to the handler, so a body limit stops reading early; a body an
 * Express parser has already read is taken from `req.body`. Response bodies are buffered (the
 * collector's are tiny). Never throws: a failing handler is answered with 500.
 * @see docs/collector.md
 */
export function toNodeHandler(
  handler: (request: Request) => Response | Promise<Response>,
): (req: NodeRequestLike, res: NodeResponseLike) => void {
  return (req, res) => {
    void serveNode(handler, req, res);
  };
}

async function serveNode(
  handler: (request: Request) => Response | Promise<Response>,
  req: NodeRequestLike,
  res: NodeResponseLike,
): Promise<void> {
  let discard = () => {};
  try {
    const method = (req.method ?? 'GET').toUpperCase();
    const headers = new Headers();
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i]!;
      // HTTP/2 pseudo-headers (`:path`) are not valid Fetch header names.
      if (!name.startsWith(':')) headers.append(name, req.rawHeaders[i + 1]!);
    }
    const init: RequestInit & { duplex?: 'half' } = { method, headers };
    if (method !== 'GET' && method !== 'HEAD') {
      if (req.readableEnded && req.body !== undefined) {
        // Mounted after express.json()/express.text(): the stream is spent, the parsed body remains.
        const b = req.body;
        init.body = typeof b === 'string' ? b : b instanceof Uint8Array ? new Uint8Array(b) : JSON.stringify(b);
        headers.delete('content-length');
        headers.delete('transfer-encoding');
      } else {
        const body = nodeBodyStream(req);
        init.body = body.stream;
        init.duplex = 'half'; // required by Node's fetch for a streamed request body
        discard = body.discard;
      }
    }
    const request = new Request(requestUrl(req), init);
    // The socket's peer, for `rateLimit`'s default key: a header would be forgeable by the client.
    setClientAddress(request, (req.socket as { remoteAddress?: string } | null)?.remoteAddress);
    const response = await handler(request);
    const payload = new Uint8Array(await response.arrayBuffer());
    res.statusCode = response.status;
    const cookies = response.headers.getSetCookie?.() ?? [];
    response.headers.forEach((value, name) => {
      if (name !== 'set-cookie') res.setHeader(name, value);
    });
    if (cookies.length) res.setHeader('set-cookie', cookies);
    res.end(payload);
  } catch {
    try {
      if (res.headersSent) {
        res.destroy();
      } else {
        res.statusCode = 500;
        res.setHeader('content-type', 'application/json');
        res.setHeader('cache-control', 'no-store');
        res.end(new TextEncoder().encode('{"error":"internal_error"}'));
      }
    } catch {
      // Nothing left to tell the client.
    }
  } finally {
    // A body the handler stopped reading (413) must still be drained, or the keep-alive
    // connection stalls on the unread bytes.
    discard();
  }
}

function requestUrl(req: NodeRequestLike): string {
  const scheme = (req.socket as { encrypted?: boolean } | null)?.encrypted ? 'https' : 'http';
  const host = typeof req.headers.host === 'string' ? req.headers.host : 'localhost';
  try {
    return new URL(req.url ?? '/', `${scheme}://${host}`).href;
  } catch {
    // A malformed Host header should not turn into a 500; the path is all the collector uses.
    return new URL(req.url ?? '/', `${scheme}://localhost`).href;
  }
}

/** The request body as a web stream that reads only as fast as the handler pulls. */
function nodeBodyStream(req: NodeRequestLike): { stream: ReadableStream<Uint8Array>; discard: () => void } {
  let dropping = false;
  let attached = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (!attached) {
          // Attached on first pull, so a request refused before reading (413 by Content-Length)
          // is left untouched and node:http drains it itself.
          attached = true;
          req.on('data', (chunk: Uint8Array | string) => {
            if (dropping) return;
            controller.enqueue(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : new Uint8Array(chunk));
            if ((controller.desiredSize ?? 0) <= 0) req.pause();
          });
          req.on('end', () => {
            if (!dropping) controller.close();
          });
          req.on('error', (error: Error) => {
            if (!dropping) controller.error(error);
          });
        }
        req.resume();
      },
      cancel() {
        dropping = true;
        req.resume();
      },
    },
    // Nothing is read ahead of the handler: the limit in readLimited decides how much is taken.
    { highWaterMark: 0 },
  );
  return {
    stream,
    discard: () => {
      if (attached && !req.readableEnded) {
        dropping = true;
        req.resume();
      }
    },
  };
}
