import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, isType, statusTo } from '../support/client';
import { signIn, startTestPonte, type TestPonte } from '../support/ponte';

let ponte: TestPonte;
beforeAll(async () => {
  ponte = await startTestPonte();
});
afterAll(async () => {
  await ponte.stop();
});

/**
 * Queues visitors one after another while one agent
 * takes them in order at a steady pace, and compares the estimate each visitor was given when
 * they joined with the wait they really had. Prints the table for the issue note.
 */
describe('wait estimate against real waits', () => {
  it('gives no number without history, then an estimate from the median of recent waits', async () => {
    const agent = await TestClient.agent(ponte.url, await signIn(ponte.url));
    const rows: Array<{ visitor: number; position: number; estimateS: number | null; actualS: number }> = [];
    const PACE_MS = 400;
    for (let round = 0; round < 8; round++) {
      const { client } = await TestClient.visitor(ponte.url);
      client.send({ type: 'handoff.request' });
      const queued = await client.next(statusTo('queued'));
      const conversationId = queued.message.conversationId;
      const joinedAt = Date.now();
      const position = await client.waitFor('queue.position', (f) => f.conversationId === conversationId);
      await new Promise((r) => setTimeout(r, PACE_MS * (1 + (round % 3))));
      agent.client.send({ type: 'conversation.accept', conversationId });
      await client.next(statusTo('live'));
      rows.push({
        visitor: round + 1,
        position: position.position,
        estimateS: position.estimatedWaitSeconds,
        actualS: (Date.now() - joinedAt) / 1000,
      });
      agent.client.send({ type: 'conversation.close', conversationId });
      await client.next(statusTo('closed'));
      await client.close();
    }
    console.info('[wait] visitor  position  estimate(s)  actual(s)');
    for (const r of rows) console.info(`[wait] ${r.visitor}        ${r.position}         ${r.estimateS ?? '—'}            ${r.actualS.toFixed(2)}`);
    expect(rows.slice(0, 3).every((r) => r.estimateS === null)).toBe(true);
    expect(rows.slice(3).every((r) => typeof r.estimateS === 'number' && r.estimateS >= 1)).toBe(true);
    await agent.client.close();
    expect(agent.client.frames.filter(isType('error'))).toEqual([]);
  });
});
