import { AgentWelcome, ServerFrame, VisitorWelcome } from '../../protocol/frames';

export type Frame = { type: string; [key: string]: unknown };

/**
 * Parses one frame the server sent and says what is wrong with it, if anything: not JSON, not a
 * frame of protocol/frames.ts, or an `internal` error (the socket's 500).
 */
export function readServerFrame(text: string): { frame: Frame | undefined; problem: string | undefined } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Reported as the finding it is; the caller records the text.
    return { frame: undefined, problem: `server sent a frame that is not JSON: ${text.slice(0, 200)}` };
  }
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  const parsed = type === 'welcome' ? (VisitorWelcome.safeParse(value).success || AgentWelcome.safeParse(value).success) : ServerFrame.safeParse(value).success;
  const frame = value as Frame;
  if (!parsed) return { frame, problem: `server sent a frame outside the protocol: ${text.slice(0, 300)}` };
  if (frame.type === 'error' && frame.code === 'internal') return { frame, problem: `server answered with an internal error frame: ${text.slice(0, 300)}` };
  return { frame, problem: undefined };
}
