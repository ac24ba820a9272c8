/**
 * A worker process of the `npm start` supervisor (`supervisor.ts`): one of the HTTP servers
 * (`web`), the warm spare that takes over when one of them dies (`standby`), or the background
 * jobs (`jobs`). The supervisor passes the role and the services' addresses; everything else
 * comes from the same environment as the supervisor's.
 */
import os from 'node:os';
import { createLogger } from './common/logger.ts';
import { loadConfig } from './config.ts';
import { LauncherError } from './runtime/process.ts';
import { createHttpServer, openProcessParts, startBackgroundJobs, startInOrder, type ServiceAddresses } from './server.ts';
import { WORKER_ENV, type SupervisorMessage, type WorkerReport, type WorkerRole } from './supervisor.ts';

function report(message: WorkerReport): Promise<void> {
  return new Promise((resolve) => (process.send ? process.send(message, undefined, {}, () => resolve()) : resolve()));
}

/** The next message of this type from the supervisor. */
function nextMessage(type: SupervisorMessage['type']): Promise<void> {
  return new Promise((resolve) => {
    const listener = (message: SupervisorMessage) => {
      if (message?.type !== type) return;
      process.off('message', listener);
      resolve();
    };
    process.on('message', listener);
  });
}

async function main() {
  const role = process.env[WORKER_ENV.role] as WorkerRole;
  const services = JSON.parse(process.env[WORKER_ENV.services] ?? '{}') as ServiceAddresses;
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  // A fault that escapes every handler ends this worker only: the supervisor logs it and starts another.
  const crash = (error: unknown) => {
    logger.fatal('worker crashed', { role, pid: process.pid, error: String((error as Error)?.stack ?? error) });
    process.exit(1);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  // Ctrl-C reaches the whole process group; the supervisor decides, and asks each worker to drain.
  process.on('SIGINT', () => {});

  let draining = false;
  let stop: (() => Promise<void>) | undefined;
  const drain = async () => {
    if (draining) return;
    draining = true;
    await stop?.();
    process.exit(0);
  };
  void nextMessage('drain').then(drain);
  process.on('SIGTERM', () => void drain());

  try {
    const started = await startInOrder(logger, async (cleanups) => {
      const parts = await openProcessParts(config, services, logger, cleanups);
      if (role === 'jobs') {
        // Extraction and indexing yield the cores to the HTTP workers when both want them.
        os.setPriority(10);
        startBackgroundJobs(parts, cleanups);
        return {};
      }
      const server = await createHttpServer(parts, cleanups);
      if (role === 'standby') {
        // Everything is loaded and built; taking over is only opening the shared port.
        await report({ type: 'standing-by' });
        await nextMessage('serve');
      }
      return { port: await server.listen() };
    });
    stop = started.stop;
    await report({ type: 'ready', port: started.port });
  } catch (error) {
    await report({ type: 'failed', message: error instanceof LauncherError ? error.message : String((error as Error)?.stack ?? error) });
    process.exit(1);
  }
}

void main();
