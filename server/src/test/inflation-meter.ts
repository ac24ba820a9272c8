import { pipeline, Transform, type Readable } from 'node:stream';
import { vi } from 'vitest';
import yauzl from 'yauzl';

export interface InflationMeter {
  /** ZIP entries opened for reading (0: refused from the directory alone). */
  entries: number;
  /** Bytes those entries gave before reading stopped. */
  bytes: number;
  stop(): void;
}

/**
 * Counts what ZIP reading in this process unpacks, so that a test says "the bomb was stopped before
 * anything unpacked" or "after a few megabytes" in bytes instead of in seconds or RSS. It wraps
 * yauzl's entry streams and passes everything through unchanged; `stop()` puts the original back.
 */
export function meterInflation(): InflationMeter {
  const openReadStream = yauzl.ZipFile.prototype.openReadStream;
  const spy = vi.spyOn(yauzl.ZipFile.prototype, 'openReadStream');
  const meter: InflationMeter = { entries: 0, bytes: 0, stop: () => spy.mockRestore() };
  spy.mockImplementation(function (this: yauzl.ZipFile, entry: yauzl.Entry, ...rest: unknown[]) {
    const callback = rest.pop() as (error: Error | null, stream?: Readable) => void;
    meter.entries++;
    (openReadStream as (...args: unknown[]) => void).call(this, entry, ...rest, (error: Error | null, stream?: Readable) => {
      if (error || !stream) return callback(error, stream);
      const counted = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          meter.bytes += chunk.length;
          done(null, chunk);
        },
      });
      // An error of the entry's stream (yauzl's own size checks) reaches the reader; closing the reader closes it.
      pipeline(stream, counted, () => {});
      callback(null, counted);
    });
  } as typeof openReadStream);
  return meter;
}
