import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { assignRequestId, DomainException, toProblem } from '@agendy/server/core';

/** What a request that arrives after the drain began is told: come back in a second (to another instance). */
const RETRY_AFTER_SECONDS = 1;

export interface HttpDrain {
  /** Requests being handled right now (tests, logs). */
  readonly inFlight: number;
  /**
   * Stops accepting connections, lets the requests in flight finish (their answers carry
   * `Connection: close`), refuses new requests on kept-alive sockets with 503 + Retry-After, and
   * resolves once every connection is closed. Event streams are ended at once. After `graceMs` the
   * remaining sockets are destroyed, so the caller still has time to close the database and Redis
   * cleanly. Resolves to how many answers finished during the drain, streams ended, requests cut.
   */
  drain(graceMs: number): Promise<{ finished: number; streams: number; cut: number }>;
}

/**
 * Graceful HTTP shutdown that Node's `server.close()` does not give: close() stops new
 * connections and ends idle ones, but a busy kept-alive connection goes on being served request
 * after request (633 new requests in 10 s during one shutdown, issue 18) until the shutdown
 * timeout kills the process in the middle of one. Installed once, before the server listens.
 */
export function installHttpDrain(server: Server): HttpDrain {
  const sockets = new Set<Socket>();
  /** Responses not yet finished, by socket: a socket with none is idle and may be closed. */
  const open = new Map<Socket, Set<ServerResponse>>();
  let draining = false;
  let inFlight = 0;
  let finished = 0;

  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => {
      sockets.delete(socket);
      open.delete(socket);
    });
  });

  const closeIfIdle = (socket: Socket) => {
    if (draining && !(open.get(socket)?.size ?? 0)) endSocket(socket);
  };

  // The application's own 'request' listeners (Express) run only for requests we let through.
  const handlers = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (draining) return refuse(req, res);
    const socket = req.socket;
    const mine = open.get(socket) ?? new Set<ServerResponse>();
    open.set(socket, mine);
    mine.add(res);
    inFlight++;
    let done = false;
    res.once('finish', () => {
      if (draining) finished++;
    });
    const settle = () => {
      if (done) return;
      done = true;
      inFlight--;
      mine.delete(res);
      // The answer went out with keep-alive headers (it started before the drain): close the socket
      // now rather than waiting for the client's next request or the keep-alive timeout.
      setImmediate(() => closeIfIdle(socket));
    };
    res.once('finish', settle);
    res.once('close', settle);
    for (const handler of handlers) handler.call(server, req, res);
  });

  return {
    get inFlight() {
      return inFlight;
    },
    drain(graceMs: number) {
      draining = true;
      return new Promise((resolve) => {
        let cut = 0;
        let streams = 0;
        const timer = setTimeout(() => {
          for (const socket of sockets) {
            cut += open.get(socket)?.size ?? 0;
            socket.destroy();
          }
        }, graceMs);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve({ finished, streams, cut });
        });
        for (const socket of sockets) {
          const responses = open.get(socket);
          if (!responses?.size) {
            endSocket(socket);
            continue;
          }
          for (const res of responses) {
            // An event stream never ends by itself: end it (the page reconnects to a live instance).
            if (isEventStream(res)) {
              streams++;
              socket.destroy();
            }
            else if (!res.headersSent) res.setHeader('Connection', 'close');
          }
        }
      });
    },
  };
}

/**
 * Headers given to writeHead() alone are not readable through getHeader(), so the request's Accept
 * (EventSource always sends text/event-stream) decides as well.
 */
function isEventStream(res: ServerResponse): boolean {
  return String(res.getHeader('content-type') ?? '').startsWith('text/event-stream') || String(res.req?.headers.accept ?? '').startsWith('text/event-stream');
}

/**
 * FIN rather than RST, so an answer still in the kernel's buffers reaches the client; a client that
 * never closes its side is cut a second later.
 */
function endSocket(socket: Socket): void {
  if (socket.destroyed) return;
  socket.end();
  setTimeout(() => socket.destroy(), 1000).unref();
}

/** The answer to a request that arrived on a kept-alive socket after the drain began; nothing of it ran. */
function refuse(req: IncomingMessage, res: ServerResponse): void {
  const requestId = assignRequestId(req, res);
  const { problem } = toProblem(new DomainException('SERVICE_UNAVAILABLE', 'The server is shutting down; retry the request.'), requestId, (req.url ?? '/').split('?')[0]);
  const body = JSON.stringify(problem);
  res.writeHead(503, {
    'Content-Type': 'application/problem+json',
    'Content-Length': Buffer.byteLength(body),
    'Retry-After': String(RETRY_AFTER_SECONDS),
    Connection: 'close',
  });
  res.end(body);
}
