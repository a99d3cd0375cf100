import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

/**
 * A real HTTP server speaking the OpenAI chat-completions wire format, scripted per test
 * (test helper; the SDK is never stubbed). POST {url}/chat/completions answers each
 * request with the next step of the scenario, streaming (SSE `data:` lines, then
 * `data: [DONE]`) when the request asked for `stream: true`, plain JSON otherwise.
 */
export type FakeStep =
  /** Assistant text, streamed one piece per chunk (or joined, when not streaming). */
  | { kind: 'text'; pieces: readonly string[]; gapMs?: number }
  /** A tool call: name in the first chunk, arguments in pieces, after optional text pieces. */
  | { kind: 'tool'; name: string; argumentPieces: readonly string[]; textPieces?: readonly string[] }
  /** Never finishes. With `pieces`, sends the headers and those pieces first; without, sends nothing at all. */
  | { kind: 'stall'; pieces?: readonly string[] }
  /** An HTTP error with an OpenAI-style error body. */
  | { kind: 'status'; status: number; message?: string }
  /** Exactly these SSE data payloads (e.g. broken JSON), then [DONE]. */
  | { kind: 'raw'; payloads: readonly string[] };

export type FakeScenario = FakeStep | readonly FakeStep[] | ((body: ReceivedRequest, index: number) => FakeStep);

const ReceivedRequest = z.looseObject({
  model: z.string().optional(),
  stream: z.boolean().optional(),
  max_tokens: z.number().optional(),
  messages: z.array(z.looseObject({ role: z.string(), content: z.unknown() })),
  tools: z.array(z.looseObject({ function: z.looseObject({ name: z.string() }) })).optional(),
});
export type ReceivedRequest = z.infer<typeof ReceivedRequest>;

export type FakeOpenAI = {
  /** Base URL including `/v1`, for `OPENAI_BASE_URL` / `config.baseURL`. */
  url: string;
  /** Request bodies received, in order. */
  requests: ReceivedRequest[];
  close(): Promise<void>;
};

export async function startFakeOpenAI(scenario: FakeScenario): Promise<FakeOpenAI> {
  const requests: ReceivedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const stepFor = (body: ReceivedRequest, index: number): FakeStep => {
    if (typeof scenario === 'function') return scenario(body, index);
    if (isStepList(scenario)) {
      const step = scenario[Math.min(index, scenario.length - 1)];
      if (step === undefined) throw new Error('fake OpenAI scenario has no steps');
      return step;
    }
    return scenario;
  };

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      // A broken test helper must show up in the test output, not as a silent hang.
      console.error('[fake-openai]', error);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: `no route ${request.method} ${request.url}`, type: 'not_found' } }));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = ReceivedRequest.parse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    const index = requests.length;
    requests.push(body);
    const step = stepFor(body, index);
    const model = body.model ?? 'fake-model';

    if (step.kind === 'status') {
      response.writeHead(step.status, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ error: { message: step.message ?? `fake error ${step.status}`, type: 'server_error', code: null } }),
      );
      return;
    }
    // Keep the socket open and say nothing (a non-streaming stall never sends anything either).
    if (step.kind === 'stall' && (step.pieces === undefined || body.stream !== true)) return;

    if (body.stream !== true) {
      // A slow model: a plain (non-streamed) answer with a gap arrives after it.
      if (step.kind === 'text' && step.gapMs !== undefined) await new Promise((done) => setTimeout(done, step.gapMs));
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(step.kind === 'raw' ? step.payloads.join('') : JSON.stringify(completion(step, model)));
      return;
    }

    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (payload: string) => response.write(`data: ${payload}\n\n`);
    const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
      send(JSON.stringify(completionChunk(model, delta, finishReason)));

    switch (step.kind) {
      case 'text': {
        chunk({ role: 'assistant', content: '' });
        for (const piece of step.pieces) {
          if (step.gapMs !== undefined) await sleep(step.gapMs, timers);
          chunk({ content: piece });
        }
        chunk({}, 'stop');
        break;
      }
      case 'tool': {
        chunk({ role: 'assistant', content: null });
        for (const piece of step.textPieces ?? []) chunk({ content: piece });
        chunk({ tool_calls: [{ index: 0, id: 'call_fake_1', type: 'function', function: { name: step.name, arguments: '' } }] });
        for (const piece of step.argumentPieces) chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] });
        chunk({}, 'tool_calls');
        break;
      }
      case 'raw':
        for (const payload of step.payloads) send(payload);
        break;
      case 'stall':
        chunk({ role: 'assistant', content: '' });
        for (const piece of step.pieces ?? []) chunk({ content: piece });
        return; // the stream stays open until the client gives up
      default: {
        const unreachable: never = step;
        throw new Error(`unknown fake step ${JSON.stringify(unreachable)}`);
      }
    }
    send('[DONE]');
    response.end();
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        server.close((error) => (error ? reject(error) : resolve()));
        // Stalled responses keep their sockets open; close() must not wait for them.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

function isStepList(scenario: FakeScenario): scenario is readonly FakeStep[] {
  return Array.isArray(scenario);
}

function completionChunk(model: string, delta: Record<string, unknown>, finishReason: string | null) {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  };
}

function completion(step: Exclude<FakeStep, { kind: 'status' | 'raw' }>, model: string) {
  const message =
    step.kind === 'tool'
      ? {
          role: 'assistant',
          content: (step.textPieces ?? []).join('') || null,
          tool_calls: [
            { id: 'call_fake_1', type: 'function', function: { name: step.name, arguments: step.argumentPieces.join('') } },
          ],
        }
      : { role: 'assistant', content: (step.pieces ?? []).join('') };
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: step.kind === 'tool' ? 'tool_calls' : 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}

function sleep(ms: number, timers: Set<NodeJS.Timeout>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      resolve();
    }, ms);
    timers.add(timer);
  });
}
