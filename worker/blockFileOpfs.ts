/**
 * The disk tier's file in the browser: a file in the origin-private file system, written
 * and read synchronously from this worker (FileSystemSyncAccessHandle, dedicated workers
 * only). One file per worker; the files of pages closed since are deleted when a worker
 * opens its own (an open file is locked by its worker, so another tab's stays). Null when
 * the browser offers none: checkpoints then stay in memory.
 */
import { BLOCK, type BlockFile } from './engine/core/checkpoint';

const DIR = 'feitian-checkpoints';

interface SyncHandle {
  read(buffer: Uint8Array, options: { at: number }): number;
  write(buffer: Uint8Array, options: { at: number }): number;
  truncate(size: number): void;
  close(): void;
}
interface Dir {
  getDirectoryHandle(name: string, o: { create: boolean }): Promise<Dir>;
  getFileHandle(name: string, o: { create: boolean }): Promise<{ createSyncAccessHandle(): Promise<SyncHandle> }>;
  removeEntry(name: string): Promise<void>;
  keys(): AsyncIterable<string>;
}

export async function opfsBlockFile(): Promise<BlockFile | null> {
  try {
    const storage = (globalThis.navigator as unknown as { storage?: { getDirectory?: () => Promise<Dir> } } | undefined)?.storage;
    if (!storage?.getDirectory) return null;
    const dir = await (await storage.getDirectory()).getDirectoryHandle(DIR, { create: true });
    const stale: string[] = [];
    for await (const name of dir.keys()) stale.push(name);
    for (const name of stale) await dir.removeEntry(name).catch(() => undefined); // another tab's, in use
    const name = crypto.randomUUID();
    const h = await (await dir.getFileHandle(name, { create: true })).createSyncAccessHandle();
    return {
      write(slot, bytes) {
        const n = h.write(bytes, { at: slot * BLOCK });
        if (n !== bytes.length) throw new Error(`checkpoint file: wrote ${n} of ${bytes.length} bytes`);
      },
      read(slot, into) {
        const n = h.read(into, { at: slot * BLOCK });
        if (n !== into.length) throw new Error(`checkpoint file: read ${n} of ${into.length} bytes at slot ${slot}`);
      },
      truncate(slots) {
        h.truncate(slots * BLOCK);
      },
      close() {
        h.close();
        void dir.removeEntry(name).catch(() => undefined);
      },
    };
  } catch (e) {
    console.warn(`checkpoints: no disk tier (the origin-private file system refused: ${(e as Error).message})`);
    return null;
  }
}
