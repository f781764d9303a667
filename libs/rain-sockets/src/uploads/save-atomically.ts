import { createWriteStream } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Writes to a hidden temporary file beside `path` and renames it on success (atomic on
 * one file system); on any failure, an aborted upload included, the temporary file is
 * removed, so no half-written file is ever left at `path` or beside it.
 */
export async function saveAtomically(source: Buffer | Readable, path: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomUUID()}.part`);
  try {
    if (Buffer.isBuffer(source)) await writeFile(temporary, source, { flag: 'wx' });
    else await pipeline(source, createWriteStream(temporary, { flags: 'wx' }));
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
