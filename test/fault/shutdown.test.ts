import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestClient, isType } from '../support/client';
import { ServerProcess, freePort } from '../support/server-process';

const dataDir = mkdtempSync(join(tmpdir(), 'ponte-shutdown-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('graceful shutdown and crash restart', () => {
  it('on SIGTERM tells clients to reconnect (1012) and exits cleanly; after SIGKILL the acknowledged message is still there', async () => {
    const server = new ServerProcess(await freePort(), dataDir);
    await server.start();
    const { client, welcome } = await TestClient.visitor(server.url);
    client.send({ type: 'message.send', clientMsgId: 'before-term', text: 'hello' });
    const ack = await client.next(isType('message.ack'));
    const closed = client.waitClose();
    expect(await server.kill('SIGTERM')).toBe(0);
    expect(await closed).toBe(1012);

    await server.start();
    const again = await TestClient.visitor(server.url, { token: welcome.token });
    again.client.send({ type: 'message.send', clientMsgId: 'before-kill', text: 'still there?' });
    const second = await again.client.next(isType('message.ack'));
    await server.kill('SIGKILL');
    await again.client.waitClose();

    await server.start();
    const after = await TestClient.visitor(server.url, { token: welcome.token });
    const texts = after.welcome.messages.filter((m) => m.clientMsgId !== null);
    expect(texts.map((m) => m.id)).toEqual([ack.id, second.id]);
    await after.client.close();
    await server.kill('SIGTERM');
  }, 60_000);
});
