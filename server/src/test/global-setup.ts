import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../config.ts';
import { startServices, type Services } from '../runtime/services.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    meili: { url: string; apiKey?: string };
  }
}

let services: Services | undefined;
let dataDir: string | undefined;

/** Starts the real services the same way `npm start` does (or uses DATABASE_URL / MEILI_URL when set). */
export async function setup(project: TestProject) {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-test-'));
  const config = { ...loadConfig({ ...process.env, DATA_DIR: dataDir }) };
  services = await startServices(config, { reuseRunning: false, record: false });
  project.provide('databaseUrl', services.databaseUrl);
  project.provide('meili', services.meili);
}

export async function teardown() {
  await services?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
