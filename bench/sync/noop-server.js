// The reference for bench:sync: a bare Fastify 5 server whose POST /v1/sync parses the JSON
// body (Fastify's default parser) and answers {} — no auth, validation or database. Prints
// its port on stdout.
import Fastify from 'fastify';

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
app.post('/v1/sync', async () => ({}));
const address = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`listening on ${address}`);
const stop = () => app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
