import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startDemoServer } from '../demo-site/server';
import { configFromEnv } from './config';
import { DEMO_SITE_KEY, startPonte } from './main';

/** `npm start`: build what is missing, start the relay and the demo shop, say where they are. */
async function main(): Promise<void> {
  const config = configFromEnv();
  const built = ['widget.js', 'widget/app/index.html', 'console/index.html'].every((file) =>
    existsSync(join(config.distDir, file)),
  );
  if (!built) {
    console.log('Building the widget and the console (first start)…');
    const result = spawnSync('npm', ['run', 'build'], { cwd: resolve(import.meta.dirname, '..'), stdio: 'inherit' });
    if (result.status !== 0) throw new Error('The build failed; see the output above.');
  }

  const ponte = await startPonte(config);
  const demo = await startDemoServer({ port: config.demoPort, host: 'localhost', relayUrl: ponte.url, siteKey: DEMO_SITE_KEY });

  console.log(`
Ponte is running.
  Demo shop (embeds the widget):  ${demo.url}
  Agent console:                  ${ponte.url}/console/
  Widget script:                  ${ponte.url}/widget.js
  Data folder:                    ${config.dataDir}
  Bot:                            ${config.llm === null ? 'scripted knowledge base (set OPENAI_API_KEY for LLM mode)' : `LLM mode, model ${config.llm.model}${config.llm.baseURL === undefined ? '' : ` at ${config.llm.baseURL}`}`}`);
  if (ponte.generatedAdminPassword !== undefined) {
    console.log(`
  Admin sign-in (shown only this once, save it):
    email:    ${config.adminEmail}
    password: ${ponte.generatedAdminPassword}`);
  } else {
    console.log(`  Admin sign-in:                  ${config.adminEmail} (password from PONTE_ADMIN_PASSWORD or the first start)`);
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: closing connections and the database…`);
    Promise.all([ponte.close(), demo.close()]).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Shutdown failed', error);
        process.exit(1);
      },
    );
  };
  // NOTE: the last resort. Every boundary (HTTP errors, upgrades, frames, the bus) already turns a
  // bad input into a refusal; should a throw still escape, one visitor's request must not end
  // everyone's chats. Logged loudly, with its stack, for us to fix; the relay keeps serving.
  process.on('uncaughtException', (error) => console.error('[ponte] uncaught exception (kept serving)', error));
  process.on('unhandledRejection', (reason) => console.error('[ponte] unhandled rejection (kept serving)', reason));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
