import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

/** How far an archive may unpack before we call it a zip bomb. */
export interface InflateLimits {
  /** Bytes all read entries may unpack to, counted as they unpack (declared sizes can lie). */
  maxTotalBytes: number;
  /** Unpacked / packed for an entry bigger than `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
  maxEntries: number;
}

export const DEFAULT_INFLATE_LIMITS: InflateLimits = {
  maxTotalBytes: 512 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 4 * 1024 * 1024,
  maxEntries: 20_000,
};

export class ZipBombError extends Error {}

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

/**
 * A ZIP opened for careful reading: the central directory is checked against the limits before
 * anything unpacks, and every read counts the bytes it inflates.
 */
export class GuardedZip {
  private inflated = 0;

  private constructor(
    private readonly zip: yauzl.ZipFile,
    readonly entries: ZipEntryInfo[],
    private readonly raw: Map<string, yauzl.Entry>,
    private readonly limits: InflateLimits,
  ) {}

  static async open(path: string, limits: InflateLimits = DEFAULT_INFLATE_LIMITS): Promise<GuardedZip> {
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: true }, (error, file) =>
        error ? reject(error) : resolve(file!),
      ),
    );
    try {
      const raw = new Map<string, yauzl.Entry>();
      await new Promise<void>((resolve, reject) => {
        zip.on('entry', (entry: yauzl.Entry) => {
          if (raw.size >= limits.maxEntries) return reject(new ZipBombError(`в архиве больше ${limits.maxEntries} файлов`));
          raw.set(entry.fileName, entry);
          zip.readEntry();
        });
        zip.on('end', () => resolve());
        zip.on('error', reject);
        zip.readEntry();
      });
      const entries = [...raw.values()].map((e) => ({
        name: e.fileName,
        compressedSize: e.compressedSize,
        uncompressedSize: e.uncompressedSize,
      }));
      const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
      if (declared > limits.maxTotalBytes)
        throw new ZipBombError(`архив распаковывается в ${mib(declared)}, больше допустимых ${mib(limits.maxTotalBytes)}`);
      for (const entry of entries) checkRatio(entry.name, entry.uncompressedSize, entry.compressedSize, limits);
      return new GuardedZip(zip, entries, raw, limits);
    } catch (error) {
      zip.close();
      throw error;
    }
  }

  has(name: string): boolean {
    return this.raw.has(name);
  }

  /** The entry's bytes, up to `maxBytes` (the rest is not inflated). */
  async read(name: string, maxBytes = Infinity): Promise<Buffer> {
    const entry = this.raw.get(name);
    if (!entry) throw new Error(`в архиве нет ${name}`);
    const stream = await new Promise<Readable>((resolve, reject) =>
      this.zip.openReadStream(entry, (error, s) => (error ? reject(error) : resolve(s!))),
    );
    const chunks: Buffer[] = [];
    let length = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        this.inflated += chunk.length;
        length += chunk.length;
        if (this.inflated > this.limits.maxTotalBytes)
          throw new ZipBombError(`архив распаковывается больше чем в ${mib(this.limits.maxTotalBytes)}`);
        checkRatio(name, length, entry.compressedSize, this.limits);
        chunks.push(chunk);
        if (length >= maxBytes) break;
      }
    } finally {
      stream.destroy();
    }
    const data = Buffer.concat(chunks);
    return data.length > maxBytes ? data.subarray(0, maxBytes) : data;
  }

  async readText(name: string): Promise<string> {
    return (await this.read(name)).toString('utf8');
  }

  close(): void {
    this.zip.close();
  }
}

function checkRatio(name: string, unpacked: number, packed: number, limits: InflateLimits) {
  if (unpacked > limits.ratioFloorBytes && unpacked / Math.max(packed, 1) > limits.maxRatio) {
    throw new ZipBombError(
      `«${name}» сжат в ${Math.round(unpacked / Math.max(packed, 1))} раз (допустимо до ${limits.maxRatio}): похоже на zip-бомбу`,
    );
  }
}

const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} МиБ`;
