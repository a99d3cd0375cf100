/**
 * One connected client, whatever carries its frames: a WebSocket (`gateway.ts`) or an SSE
 * stream plus POSTs (`http/stream-routes.ts`). Sessions talk to peers only.
 */
export type Peer = {
  send(text: string): void;
  /** Ends the connection; `code` has WebSocket close-code meaning on both transports. */
  close(code: number, reason: string): void;
  isOpen(): boolean;
  /** Bytes queued to the client and not yet written to the network. */
  bufferedBytes(): number;
};
