import type { Config } from '../config.ts';

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
type Level = (typeof LEVELS)[number];

export type Logger = Record<Level, (message: string, fields?: Record<string, unknown>) => void>;

/** One JSON line per event on stderr, at or above LOG_LEVEL. */
export function createLogger(level: Config['logLevel']): Logger {
  const threshold = level === 'silent' ? Infinity : LEVELS.indexOf(level);
  return Object.fromEntries(
    LEVELS.map((name, index) => [
      name,
      (message: string, fields?: Record<string, unknown>) => {
        if (index < threshold) return;
        process.stderr.write(JSON.stringify({ time: new Date().toISOString(), level: name, message, ...fields }) + '\n');
      },
    ]),
  ) as Logger;
}
