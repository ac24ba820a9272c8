import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import tar from 'tar-stream';
import { BackupError } from './manifest.ts';

/**
 * Table data arrive as one stream of unknown length, and a tar entry must state its size first:
 * they are cut into entries of this size at most (`tables/<name>/000001`, …), so memory holds
 * one piece, never a table.
 */
export const PIECE_BYTES = 4 * 1024 * 1024;

/**
 * A tar archive compressed with gzip (`tar -tzf` lists it), written under a temporary name in
 * the target's directory and renamed into place only when complete and synced, so a failed or
 * interrupted backup never leaves a partial file under the final name.
 */
export class ArchiveWriter {
  private readonly pack = tar.pack();
  private readonly written: Promise<void>;
  private readonly partial: string;

  private constructor(
    readonly target: string,
    private readonly mtime: Date,
  ) {
    this.partial = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID().slice(0, 8)}.partial`);
    this.written = pipeline(this.pack, zlib.createGzip(), fs.createWriteStream(this.partial, { flags: 'wx' }));
    // Awaited in finish(); a failure surfaces in the entry being written as well.
    this.written.catch(() => {});
  }

  static async create(target: string, mtime: Date): Promise<ArchiveWriter> {
    await fsp.mkdir(path.dirname(target), { recursive: true });
    return new ArchiveWriter(target, mtime);
  }

  /** A whole entry from memory (headers, summaries, a piece of a table). */
  add(name: string, data: Buffer | string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pack.entry({ name, mtime: this.mtime }, typeof data === 'string' ? Buffer.from(data) : data, (error) =>
        error ? reject(error) : resolve(),
      );
    });
  }

  /** An entry of a known size streamed from `source`; a source that is shorter or longer fails the backup. */
  async addStream(name: string, size: number, source: AsyncIterable<Buffer>): Promise<void> {
    let failure: Error | null | undefined;
    const done = new Promise<void>((resolve, reject) => {
      const sink = this.pack.entry({ name, size, mtime: this.mtime }, (error) => ((failure = error), error ? reject(error) : resolve()));
      void (async () => {
        let seen = 0;
        try {
          for await (const chunk of source) {
            seen += chunk.length;
            if (seen > size) throw new Error(`${name}: больше ${size} байт`);
            if (!sink.write(chunk)) await once(sink as never, 'drain');
            if (failure) return;
          }
          if (seen !== size) throw new Error(`${name}: ${seen} байт вместо ${size}`);
          (sink as unknown as NodeJS.WritableStream).end();
        } catch (error) {
          sink.destroy(error as Error);
          reject(error);
        }
      })();
    });
    return done;
  }

  /** A stream of unknown length as numbered pieces under `prefix/`. */
  async addPieces(prefix: string, source: AsyncIterable<Buffer>): Promise<void> {
    let buffered: Buffer[] = [];
    let length = 0;
    let piece = 0;
    const flush = async () => {
      if (!length) return;
      const data = Buffer.concat(buffered, length);
      buffered = [];
      length = 0;
      await this.add(`${prefix}/${String(++piece).padStart(6, '0')}`, data);
    };
    for await (const chunk of source) {
      buffered.push(chunk);
      length += chunk.length;
      if (length >= PIECE_BYTES) await flush();
    }
    await flush();
  }

  /** Ends the archive, syncs it to disk and gives it its final name; returns its size in bytes. */
  async finish(): Promise<number> {
    this.pack.finalize();
    await this.written;
    const handle = await fsp.open(this.partial, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(this.partial, this.target);
    return (await fsp.stat(this.target)).size;
  }

  /** Stops writing and removes the temporary file. */
  async abort(): Promise<void> {
    this.pack.destroy(new Error('backup aborted'));
    await this.written.catch(() => {});
    await fsp.rm(this.partial, { force: true });
  }
}

export interface ArchiveEntry {
  name: string;
  size: number;
  stream: Readable;
}

/** zlib's and tar-stream's own failures: a cut or damaged file, not a fault of the reader. */
const isDamage = (error: unknown) =>
  error instanceof Error &&
  (/^Z_/.test((error as NodeJS.ErrnoException).code ?? '') || /unexpected end|invalid tar|invalid header|checksum/i.test(error.message));

/**
 * Entries of an archive in order. `explain` turns a failure met while reading it into one line
 * that names the entry where reading stopped.
 */
export class ArchiveReader {
  private current = 'начало архива';
  private failure: Error | undefined;

  constructor(private readonly file: string) {}

  async *entries(): AsyncGenerator<ArchiveEntry> {
    const stat = await fsp.stat(this.file).catch(() => null);
    if (!stat?.isFile()) throw new BackupError(`файла ${this.file} нет`);
    const extract = tar.extract();
    const read = pipeline(fs.createReadStream(this.file), zlib.createGunzip(), extract);
    read.catch((error: Error) => (this.failure = error));
    try {
      for await (const entry of extract) {
        this.current = entry.header.name;
        yield { name: entry.header.name, size: entry.header.size ?? 0, stream: entry as unknown as Readable };
        // Whatever the consumer left unread is skipped, so that the next entry can come.
        entry.resume();
      }
      await read;
      this.current = 'конец архива';
    } finally {
      extract.destroy();
    }
  }

  explain(error: unknown): unknown {
    if (error instanceof BackupError) return error;
    if (!this.failure && !isDamage(error)) return error;
    const cause = this.failure ?? (error as Error);
    return new BackupError(
      `архив ${path.basename(this.file)} повреждён или обрезан: чтение оборвалось на «${this.current}» (${cause.message})`,
    );
  }
}
