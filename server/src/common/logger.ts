import type { Writable } from 'node:stream';
import pino from 'pino';
import type { Config } from '../config.ts';

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
type Level = (typeof LEVELS)[number];

export type Logger = Record<Level, (message: string, fields?: Record<string, unknown>) => void> & {
  isEnabled(level: Level): boolean;
};

/**
 * Structured logs through pino: one JSON line per event (`time`, `level`, `message` and fields) on
 * stderr, or on `destination` (tests read it), at or above LOG_LEVEL.
 */
export function createLogger(level: Config['logLevel'], destination: Writable = process.stderr): Logger {
  const base = pino(
    {
      level,
      base: undefined,
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  const logger = Object.fromEntries(
    LEVELS.map((name) => [name, (message: string, fields?: Record<string, unknown>) => base[name](fields ?? {}, message)]),
  ) as Logger;
  logger.isEnabled = (name) => base.isLevelEnabled(name);
  return logger;
}
