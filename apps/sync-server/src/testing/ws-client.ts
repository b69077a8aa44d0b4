// A WebSocket test client that queues what it receives, so tests await events, not sleeps.
import WebSocket from 'ws';

export interface TestSocket {
  ws: WebSocket;
  /** The next message matching `pred`, parsed as JSON. */
  next<T = unknown>(pred?: (m: T) => boolean, timeoutMs?: number): Promise<T>;
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

export function connect(
  url: string,
  headers: Record<string, string> = {},
  options: { autoPong?: boolean } = {},
): Promise<TestSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, ...options });
    const queue: unknown[] = [];
    let waiters: (() => void)[] = [];
    ws.on('message', (data) => {
      queue.push(JSON.parse(String(data)));
      const w = waiters;
      waiters = [];
      w.forEach((f) => f());
    });
    const closed = new Promise<{ code: number; reason: string }>((res) =>
      ws.on('close', (code, reason) => res({ code, reason: String(reason) })),
    );
    ws.once('unexpected-response', (req, res) => {
      reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode }));
      req.destroy();
    });
    ws.on('error', reject);
    ws.once('open', () =>
      resolve({
        ws,
        closed,
        close: () => ws.close(),
        next<T>(pred: (m: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
          return new Promise<T>((res, rej) => {
            const timer = setTimeout(
              () => rej(new Error('no matching WebSocket message in time')),
              timeoutMs,
            );
            const check = () => {
              const i = queue.findIndex((m) => pred(m as T));
              if (i >= 0) {
                clearTimeout(timer);
                res(queue.splice(i, 1)[0] as T);
              } else {
                waiters.push(check);
              }
            };
            check();
          });
        },
      }),
    );
  });
}
