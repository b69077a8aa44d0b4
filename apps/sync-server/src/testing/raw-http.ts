// Raw HTTP/1.1 over node:net for the edges a well-behaved client never reaches: malformed
// requests, lying Content-Length, header blocks and bodies trickled a byte at a time.
import net from 'node:net';

export interface RawResponse {
  /** null when the server closed without answering. */
  status: number | null;
  headers: Record<string, string>;
  body: string;
  /** ms from the first byte written to the connection's close. */
  closedAfterMs: number;
}

export interface RawOptions {
  /** Written at once when the connection opens. */
  head: string | Buffer;
  /** Then written one piece every `intervalMs`, until the server answers or closes. */
  trickle?: { data: string | Buffer; intervalMs: number };
  /** Give up (and fail) after this long. */
  timeoutMs?: number;
}

/** Sends raw bytes on a fresh connection and reads until the server closes it. */
export function rawRequest(port: number, options: RawOptions): Promise<RawResponse> {
  const { head, trickle, timeoutMs = 10_000 } = options;
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let started = 0;
    let timer: NodeJS.Timeout | undefined;
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within ${timeoutMs} ms; got ${Buffer.concat(chunks).toString()}`));
    }, timeoutMs);
    socket.on('connect', () => {
      started = Date.now();
      socket.write(head);
      if (trickle) {
        const bytes = Buffer.from(trickle.data);
        let at = 0;
        timer = setInterval(() => {
          if (at >= bytes.length || socket.destroyed || !socket.writable) return;
          socket.write(bytes.subarray(at, at + 1));
          at++;
        }, trickle.intervalMs);
      }
    });
    socket.on('data', (c: Buffer) => chunks.push(c));
    // The server may reset while we still write: what it sent before counts.
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(giveUp);
      clearInterval(timer);
      resolve(parse(Buffer.concat(chunks).toString('latin1'), Date.now() - started));
    });
  });
}

function parse(text: string, closedAfterMs: number): RawResponse {
  const end = text.indexOf('\r\n\r\n');
  if (!text.startsWith('HTTP/1.1 ') || end < 0) {
    return { status: null, headers: {}, body: text, closedAfterMs };
  }
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const status = Number(statusLine.split(' ')[1]);
  let body = text.slice(end + 4);
  const length = headers['content-length'];
  if (length !== undefined) body = body.slice(0, Number(length));
  return { status, headers, body, closedAfterMs };
}

/** `METHOD path HTTP/1.1` with a Host and `Connection: close`, plus the given header lines. */
export function rawHead(method: string, path: string, headers: string[] = []): string {
  return [`${method} ${path} HTTP/1.1`, 'Host: localhost', 'Connection: close', ...headers, '']
    .map((l) => `${l}\r\n`)
    .join('');
}
