import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net from 'node:net';
import { installHttpDrain, type HttpDrain } from './http-drain';

/** A deferred promise: the test decides when a handler may answer. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

/**
 * A raw TCP client, so the test controls exactly which request goes over which connection and when
 * (Node's http.Agent would open new connections or queue requests on its own).
 */
class RawClient {
  readonly socket: net.Socket;
  received = '';
  readonly closed: Promise<void>;
  private waiters: Array<() => void> = [];

  constructor(port: number) {
    this.socket = net.connect({ host: '127.0.0.1', port });
    this.socket.setEncoding('utf8');
    this.socket.on('data', (chunk: string) => {
      this.received += chunk;
      for (const w of this.waiters.splice(0)) w();
    });
    this.socket.on('error', () => undefined);
    this.socket.on('close', () => {
      for (const w of this.waiters.splice(0)) w();
    });
    this.closed = new Promise((r) => this.socket.once('close', () => r()));
  }

  connected(): Promise<void> {
    return new Promise((r) => (this.socket.connecting ? this.socket.once('connect', () => r()) : r()));
  }

  /** Bytes written so far: the server has read a request once its socket's bytesRead reaches this. */
  sent = 0;

  send(path: string, accept = '*/*'): void {
    const request = `GET ${path} HTTP/1.1\r\nHost: test\r\nAccept: ${accept}\r\nConnection: keep-alive\r\n\r\n`;
    this.sent += Buffer.byteLength(request);
    this.socket.write(request);
  }

  /** Resolves once `n` complete responses (status line … body) have arrived. */
  async responses(n: number): Promise<string[]> {
    for (;;) {
      const parts = this.received.split(/(?=HTTP\/1\.1 )/).filter(Boolean);
      const complete = parts.filter((p) => {
        const [head, body = ''] = p.split('\r\n\r\n');
        const length = /content-length: (\d+)/i.exec(head);
        return length ? body.length >= Number(length[1]) : /\r\n0\r\n\r\n$/.test(p);
      });
      if (complete.length >= n) return complete;
      if (this.socket.destroyed) throw new Error(`connection closed after ${complete.length} of ${n} responses: ${JSON.stringify(this.received)}`);
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }
}

describe('installHttpDrain', () => {
  let server: http.Server;
  let drain: HttpDrain;
  let port: number;
  const entered: string[] = [];
  let slow = gate();
  let slowEntered = gate();
  let serverSockets: net.Socket[] = [];
  const handlers: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/fast': (_req, res) => res.end('fast'),
    '/slow': (_req, res) => {
      slowEntered.open();
      void slow.promise.then(() => res.end('slow'));
    },
    // Headers out at once (keep-alive), body later: an answer that began before the drain.
    '/started': (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '7' });
      res.flushHeaders();
      slowEntered.open();
      void slow.promise.then(() => res.end('started'));
    },
    '/events': (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write('data: 1\n\n');
      slowEntered.open();
    },
    '/never': () => slowEntered.open(),
  };

  beforeEach(async () => {
    entered.length = 0;
    slow = gate();
    slowEntered = gate();
    server = http.createServer((req, res) => {
      entered.push(req.url ?? '');
      handlers[req.url ?? '']?.(req, res);
    });
    serverSockets = [];
    server.on('connection', (s: net.Socket) => serverSockets.push(s));
    drain = installHttpDrain(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as net.AddressInfo).port;
  });

  afterEach(() => {
    server.closeAllConnections();
    server.close();
  });

  it('lets a request in flight finish with Connection: close, then closes the server', async () => {
    const client = new RawClient(port);
    client.send('/slow');
    await slowEntered.promise;

    const drained = drain.drain(5000);
    slow.open();
    const [answer] = await client.responses(1);
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(answer).toMatch(/connection: close/i);
    expect(answer).toMatch(/slow$/);
    expect(await drained).toEqual({ finished: 1, streams: 0, cut: 0 });
    await client.closed;
    expect(server.listening).toBe(false);
  });

  it('closes idle kept-alive connections at once', async () => {
    const client = new RawClient(port);
    client.send('/fast');
    await client.responses(1);
    expect(drain.inFlight).toBe(0);

    await drain.drain(5000);
    await client.closed;
  });

  it('refuses a request that arrives on a kept-alive connection after the drain began: 503, Retry-After, Connection: close, handler never run', async () => {
    const client = new RawClient(port);
    client.send('/started');
    await slowEntered.promise;

    const drained = drain.drain(5000);
    client.send('/fast');
    // The pipelined request is on the server's side of the connection (Node parses it when the first
    // answer ends) before the first answer may end; else it would race the closing of the socket.
    while (serverSockets[0].bytesRead < client.sent) await new Promise((r) => setTimeout(r, 5));
    slow.open();
    const [first, second] = await client.responses(2);
    expect(first).toMatch(/started$/);
    expect(second).toMatch(/^HTTP\/1\.1 503/);
    expect(second).toMatch(/retry-after: 1/i);
    expect(second).toMatch(/connection: close/i);
    expect(second).toMatch(/application\/problem\+json/);
    expect(JSON.parse(second.split('\r\n\r\n')[1])).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(entered).toEqual(['/started']);
    await drained;
    await client.closed;
  });

  it('ends event streams, which would never finish by themselves', async () => {
    const client = new RawClient(port);
    client.send('/events', 'text/event-stream');
    await slowEntered.promise;

    expect(await drain.drain(5000)).toEqual({ finished: 0, streams: 1, cut: 0 });
    await client.closed;
  });

  it('cuts what is still running after the grace period, so the process can still close cleanly', async () => {
    const client = new RawClient(port);
    await client.connected();
    client.send('/never');
    await slowEntered.promise;

    expect(await drain.drain(100)).toEqual({ finished: 0, streams: 0, cut: 1 });
    await client.closed;
    expect(client.received).toBe('');
  });
});
