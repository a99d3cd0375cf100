import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, isType } from '../support/client';
import { signIn, startTestPonte, type TestPonte } from '../support/ponte';

describe('one frame union per role, and reqIds echoed', () => {
  let ponte: TestPonte;
  beforeAll(async () => {
    ponte = await startTestPonte();
  });
  afterAll(async () => {
    await ponte.stop();
  });

  it("refuses the other role's frames as forbidden, before any handler, echoing the reqId", async () => {
    const { client: visitor } = await TestClient.visitor(ponte.url);
    visitor.send({ type: 'conversation.accept', conversationId: 'c-1', reqId: 'v-1' });
    expect(await visitor.next(isType('error'))).toMatchObject({ code: 'forbidden', message: 'Only agents can do that.', ref: 'conversation.accept', reqId: 'v-1' });

    const agent = await TestClient.agent(ponte.url, await signIn(ponte.url));
    agent.client.send({ type: 'handoff.request', reqId: 'a-1' });
    expect(await agent.client.next(isType('error'))).toMatchObject({ code: 'forbidden', message: 'Only visitors can do that.', reqId: 'a-1' });
    // The agent's form of a shared frame names the conversation.
    agent.client.send({ type: 'message.send', clientMsgId: 'm-1', text: 'hi', reqId: 'a-2' });
    expect(await agent.client.next(isType('error'))).toMatchObject({ code: 'invalid_frame', ref: 'm-1', reqId: 'a-2' });
    agent.client.send({ type: 'typing', typing: true, reqId: 'a-3' });
    expect(await agent.client.next(isType('error'))).toMatchObject({ code: 'invalid_frame', ref: 'typing', reqId: 'a-3' });
    await Promise.all([visitor.close(), agent.client.close()]);
  });

  it('an ack echoes the reqId of its message; a refused command echoes its own', async () => {
    const { client: visitor } = await TestClient.visitor(ponte.url);
    visitor.send({ type: 'message.send', clientMsgId: 'r-1', text: 'hello', reqId: 'q-1' });
    expect(await visitor.next(isType('message.ack'))).toMatchObject({ clientMsgId: 'r-1', reqId: 'q-1' });
    visitor.send({ type: 'callback.cancel', callbackId: 'nope', reqId: 'q-2' });
    expect(await visitor.next(isType('error'))).toMatchObject({ code: 'not_found', ref: 'callback.cancel', reqId: 'q-2' });
    // A reqId that is not one (too long, not a string) is refused with the frame and never echoed.
    visitor.send({ type: 'ping', reqId: 'x'.repeat(500) });
    const refused = await visitor.next(isType('error'));
    expect(refused).toMatchObject({ code: 'invalid_frame', ref: 'ping' });
    expect(refused.reqId).toBe(undefined);
    await visitor.close();
  });
});
