/**
 * The disk tier's file in Node (the API in tests, the benches): a temporary file,
 * unlinked as soon as it is open, so it goes away with the process whatever happens.
 */
import { closeSync, ftruncateSync, mkdtempSync, openSync, readSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BLOCK, type BlockFile } from './engine/core/checkpoint';

export function nodeBlockFile(dir = tmpdir()): BlockFile {
  const home = mkdtempSync(join(dir, 'feitian-checkpoints-'));
  const path = join(home, 'blocks');
  const fd = openSync(path, 'w+');
  unlinkSync(path);
  rmdirSync(home);
  return {
    write(slot, bytes) {
      const n = writeSync(fd, bytes, 0, bytes.length, slot * BLOCK);
      if (n !== bytes.length) throw new Error(`checkpoint file: wrote ${n} of ${bytes.length} bytes`);
    },
    read(slot, into) {
      const n = readSync(fd, into, 0, into.length, slot * BLOCK);
      if (n !== into.length) throw new Error(`checkpoint file: read ${n} of ${into.length} bytes at slot ${slot}`);
    },
    truncate(slots) {
      ftruncateSync(fd, slots * BLOCK);
    },
    close() {
      closeSync(fd);
    },
  };
}
