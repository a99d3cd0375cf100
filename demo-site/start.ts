import { startDemoServer } from './server';

/**
 * Runs the demo shop on its own, e.g. against a relay started separately:
 *   RELAY_URL=http://localhost:3000 SITE_KEY=demo npx tsx demo-site/start.ts
 * `npm start` composes the relay and the shop itself; this is for working on the shop alone.
 */
const port = Number(process.env['DEMO_PORT'] ?? 8080);
const server = await startDemoServer({
  port,
  host: process.env['DEMO_HOST'] ?? 'localhost',
  relayUrl: process.env['RELAY_URL'] ?? 'http://localhost:3000',
  siteKey: process.env['SITE_KEY'] ?? 'demo',
});
console.log(`Lumen & Co. demo shop at ${server.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('[demo-site] close failed', error);
        process.exit(1);
      },
    );
  });
}
