import type { LogEntry } from '../../worker/contract';

/**
 * The log the page keeps (newest first, at most `keep`) after a frame's entries (oldest
 * first): new entries go on top; after a move the worker sends the whole log again (it
 * restored a state), and what it repeats replaces ours — kept twice, an entry broke the
 * log's keyed list (Svelte's each_key_duplicate, found by bench/browserTimetravel.ts).
 */
export function mergeLog(kept: readonly LogEntry[], incoming: readonly LogEntry[], keep: number): LogEntry[] {
  if (incoming.length === 0) return kept as LogEntry[];
  const fresh = incoming.slice(-keep).reverse();
  if (fresh.length >= keep) return fresh;
  const oldest = fresh[fresh.length - 1].seq;
  return [...fresh, ...kept.filter((e) => e.seq < oldest).slice(0, keep - fresh.length)];
}
