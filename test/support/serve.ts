import { configFromEnv } from '../../server/config';
import { startPonte } from '../../server/main';

/**
 * The real server as its own process, for tests that kill it (SIGKILL) or stop it (SIGTERM).
 * Prints `READY <port>` when it accepts connections.
 */
const base = configFromEnv();
const ponte = await startPonte({
  ...base,
  host: '127.0.0.1',
  demoOrigins: ['http://shop.test'],
  adminPassword: 'test-admin-password',
  passwordCost: 1024,
});
process.stdout.write(`READY ${ponte.port}\n`);
process.on('SIGTERM', () => {
  ponte.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
