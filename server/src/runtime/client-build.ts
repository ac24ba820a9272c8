import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LauncherError } from './process.ts';

const clientDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../client');
const built = path.join(clientDir, 'dist/index.html');

function newest(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
    const full = path.join(dir, entry.name);
    return Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }, 0);
}

/** True when there is no build, or a source file is newer than it. */
export function clientBuildNeeded(): boolean {
  if (!fs.existsSync(path.join(clientDir, 'src'))) return false;
  if (!fs.existsSync(built)) return true;
  const sources = Math.max(newest(path.join(clientDir, 'src')), fs.statSync(path.join(clientDir, 'index.html')).mtimeMs);
  return sources > fs.statSync(built).mtimeMs;
}

/** `npm start` builds the web client when it is missing or stale (Vite, a few seconds). */
export async function ensureClientBuilt(say: (line: string) => void = () => {}): Promise<void> {
  if (!clientBuildNeeded()) return;
  say('Сборка веб-клиента…');
  const vite = path.join(path.dirname(createRequire(path.join(clientDir, 'package.json')).resolve('vite/package.json')), 'bin/vite.js');
  const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'error'], {
    cwd: clientDir,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new LauncherError('Не удалось собрать веб-клиент (npm run build -w client покажет подробности)');
}
