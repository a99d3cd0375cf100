import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromEnv } from '../../server/config';
import { startPonte } from '../../server/main';
import { hashPassword } from '../../server/security/password';
import { addAgent, createSession } from '../../server/store/agents';
import { setSiteRouting } from '../../server/store/sites';
import { answerRequests, sendToParent } from './ipc';

/**
 * Ponte under test, in its own process: the real composition root (`startPonte`) on a fresh
 * SQLite file (WAL, synchronous=FULL) on disk, the demo site embeddable from `http://shop.test`,
 * and BENCH_AGENTS agents signed in (session rows, as the login route makes them). The demo
 * site routes by hand (`manual`): the load generator pairs each visitor with its agent and
 * accepts explicitly, instead of racing auto-assignment offers.
 *
 * Agents get BENCH_CAPACITY chats each (default 50, the most the team screen allows).
 */
const agents = Number(process.env.BENCH_AGENTS ?? '0');
const capacity = Number(process.env.BENCH_CAPACITY ?? '50');
const dataDir = process.env.BENCH_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'ponte-bench-'));

const base = configFromEnv({});
const config = {
  ...base,
  port: 0,
  host: '127.0.0.1',
  dataDir,
  demoOrigins: ['http://shop.test'],
  adminPassword: 'bench-admin-password',
  passwordCost: 1024,
  // Every simulated visitor comes from 127.0.0.1 and sends as fast as acks come back: the caps
  // would measure themselves, not the relay. The checks still run (their cost is measured); only
  // the numbers are out of reach. The inbound queue bound stays as shipped.
  limits: {
    ...base.limits,
    newVisitorsPerIp: 1_000_000,
    connectionsPerIp: 1_000_000,
    visitorMessagesPer10s: 1_000_000,
    framesPer10s: 1_000_000,
  },
};
const ponte = await startPonte(config);
const now = new Date();
await setSiteRouting(ponte.db, 'demo', 'manual');
const passwordHash = await hashPassword('bench-agent-password', config.passwordCost);
const agentTokens: string[] = [];
for (let index = 0; index < agents; index++) {
  const agent = await addAgent(
    ponte.db,
    { email: `agent-${index}@bench.invalid`, name: `Agent ${index}`, passwordHash, role: 'agent', capacity },
    now,
  );
  if (agent === undefined) throw new Error(`could not add bench agent ${index}`);
  agentTokens.push(await createSession(ponte.db, agent.id, now, config.sessionTtlMs));
}

answerRequests();
sendToParent({ type: 'ready', port: ponte.port, agentTokens });

process.on('SIGTERM', () => {
  ponte.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('[ponte-server] close failed', error);
      process.exit(1);
    },
  );
});
