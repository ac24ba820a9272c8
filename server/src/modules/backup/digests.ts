import { createHash } from 'node:crypto';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { FileSummary, TableSummary } from './manifest.ts';

const NEWLINE = 0x0a;

/**
 * A running checksum, byte and row count of one table in COPY's text format, the same whether
 * it is read from the database or from the archive: a row ends with a newline, and newlines
 * inside values are written as `\n`.
 */
export class CopyDigest {
  private readonly hash = createHash('sha256');
  rows = 0;
  bytes = 0;

  update(chunk: Buffer): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) this.rows++;
  }

  summary(name: string): TableSummary {
    return { name, rows: this.rows, bytes: this.bytes, sha256: this.hash.digest('hex') };
  }
}

/** Runs a `COPY … TO STDOUT` and yields its bytes, counted by `digest`. */
export async function* copyOut(client: pg.Client, query: string, digest: CopyDigest): AsyncGenerator<Buffer> {
  for await (const chunk of client.query(copyTo(query)) as AsyncIterable<Buffer>) {
    digest.update(chunk);
    yield chunk;
  }
}

/** The digest of the files' summaries that the manifest keeps: one `<sha256> <size> <key>` line per file, in archive order. */
export class FilesDigest {
  private readonly hash = createHash('sha256');
  count = 0;
  bytes = 0;

  add(file: FileSummary): void {
    this.hash.update(`${file.sha256} ${file.size} ${file.key}\n`);
    this.count++;
    this.bytes += file.size;
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}
