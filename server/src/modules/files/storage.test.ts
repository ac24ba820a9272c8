import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Storage } from './s3-storage.ts';
import { LocalStorage, newStorageKey, type FileStorage } from './storage.ts';

const text = async (stream: NodeJS.ReadableStream) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
};

let dir: string;
let s3: S3rver;
const backends: Record<string, () => FileStorage> = {};

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kb-storage-'));
  // An S3 server speaking the real protocol to the real SDK: S3 itself is outside the product.
  s3 = new S3rver({
    port: 0,
    address: '127.0.0.1',
    directory: path.join(dir, 's3'),
    silent: true,
    configureBuckets: [{ name: 'kb-files', configs: [] }],
  });
  const address = (await s3.run()) as AddressInfo;
  backends.local = () => new LocalStorage(path.join(dir, 'local'));
  backends.s3 = () =>
    new S3Storage({
      endpoint: `http://127.0.0.1:${address.port}`,
      region: 'us-east-1',
      bucket: 'kb-files',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    });
});

afterAll(async () => {
  await s3?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe.each(['local', 's3'])('file storage: %s', (name) => {
  it('stores a finished file whole, reads it and its ranges, lists and deletes it', async () => {
    const storage = backends[name]!();
    const source = path.join(dir, `${name}-source.txt`);
    await fs.writeFile(source, 'Рабочая программа по математике, 5 класс');
    const key = newStorageKey();
    await storage.put(key, source, 'text/plain');

    expect(await text(await storage.read(key))).toBe('Рабочая программа по математике, 5 класс');
    expect(await storage.size(key)).toBe(Buffer.byteLength('Рабочая программа по математике, 5 класс'));
    expect(await storage.size(newStorageKey())).toBeNull();
    // Seven Cyrillic letters take two bytes each, then the space: bytes 0–14.
    expect(await text(await storage.read(key, { start: 0, end: 14 }))).toBe('Рабочая ');
    const listed = [];
    for await (const object of storage.list()) listed.push(object.key);
    expect(listed).toContain(key);
    expect(await storage.withLocalFile(key, (file) => fs.readFile(file, 'utf8'))).toContain('математике');

    await storage.delete(key);
    await expect(storage.read(key).then(text)).rejects.toThrow();
    expect(await storage.size(key)).toBeNull();
  });
});
