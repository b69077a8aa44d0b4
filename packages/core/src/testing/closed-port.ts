// A loopback port nothing listens on (a free one, just closed): connections to it are
// refused at once. Not a fixed port: fetch refuses some low ports outright ("bad port").
import net from 'node:net';

export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
