// NOTE: apart from transcript.ts so the widget, which keeps its own message list, pays only for this.
/**
 * The resume cursor for a held list (one conversation's messages, in any order): the highest `seq`
 * such that every seq from 1 up to it is held. Seqs are gap-free on the server, so a hole here means
 * something was missed and must be asked for again; resuming from the highest seq instead would skip
 * it for good. Unsent messages (seq null) do not count.
 */
export function contiguousSeq(list: readonly { readonly seq: number | null }[]): number {
  const held = new Set<number | null>();
  for (const message of list) held.add(message.seq);
  let cursor = 0;
  while (held.has(cursor + 1)) cursor++;
  return cursor;
}
