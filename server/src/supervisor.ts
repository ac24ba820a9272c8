import cluster, { type Worker } from 'node:cluster';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, type Logger } from './common/logger.ts';
import type { Config } from './config.ts';
import { LauncherError } from './runtime/process.ts';
import { updateRuntimeRecord, type Services } from './runtime/services.ts';
import { prepareServices } from './server.ts';

/** `web` serves HTTP, `standby` is a loaded spare that serves when a `web` worker dies, `jobs` runs the background jobs. */
export type WorkerRole = 'web' | 'standby' | 'jobs';
/** Supervisor → worker: take over the port (a standby), or finish the requests in hand and exit. */
export type SupervisorMessage = { type: 'serve' } | { type: 'drain' };
/** Worker → supervisor. */
export type WorkerReport = { type: 'standing-by' } | { type: 'ready'; port?: number } | { type: 'failed'; message: string };
/** How the supervisor tells a worker its role and where the services are. */
export const WORKER_ENV = { role: 'KB_WORKER_ROLE', services: 'KB_WORKER_SERVICES' } as const;

const WORKER_ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker.ts');
/** How long a draining worker may take before it is killed (requests have their own deadlines). */
const DRAIN_TIMEOUT_MS = 25_000;
/** A worker that dies before it is ready again and again is restarted ever later, up to this. */
const MAX_RESTART_DELAY_MS = 30_000;

interface Slot {
  role: WorkerRole;
  worker: Worker;
  /** Serving (web), loaded and waiting (standby), running (jobs). */
  ready: boolean;
}

export interface RunningSupervisor {
  port: number;
  url: string;
  /** Drains every worker, then stops PostgreSQL and Meilisearch. */
  stop(): Promise<void>;
}

/**
 * `npm start`: a small process that owns PostgreSQL and Meilisearch and runs the product in
 * worker processes — `WEB_CONCURRENCY` HTTP servers sharing the port (node:cluster), one loaded
 * spare, and one for the background jobs. It serves no request itself, so no request can end it.
 * A worker that dies is logged and replaced while the others go on serving: the spare takes the
 * port at once (loading a worker takes seconds), and a new spare is loaded behind it. On SIGTERM
 * every worker finishes its requests before the services stop.
 */
export async function startSupervisor(config: Config, say: (line: string) => void): Promise<RunningSupervisor> {
  const logger = createLogger(config.logLevel);
  const services = await prepareServices(config, logger, say);
  const supervisor = new Supervisor(config, services, logger);
  try {
    const port = await supervisor.start();
    return { port, url: `http://localhost:${port}`, stop: () => supervisor.stop() };
  } catch (error) {
    await supervisor.stop();
    throw error;
  }
}

class Supervisor {
  private readonly slots = new Set<Slot>();
  private stopping = false;
  private port = 0;
  /** Deaths before ready in a row, per role: the next restart waits longer. */
  private readonly earlyDeaths: Record<WorkerRole, number> = { web: 0, standby: 0, jobs: 0 };

  constructor(
    private readonly config: Config,
    private readonly services: Services,
    private readonly logger: Logger,
  ) {
    cluster.setupPrimary({ exec: WORKER_ENTRY, execArgv: process.execArgv, silent: false });
  }

  /** Starts every worker; resolves with the port once all HTTP workers listen, fails with the first one's reason. */
  async start(): Promise<number> {
    const web = Array.from({ length: this.config.webConcurrency }, () => this.fork('web'));
    this.fork('jobs');
    // The first worker binds the port (a free one for PORT=0); the others share that socket.
    const ports = await Promise.all(web.map((slot) => this.readiness(slot)));
    this.port = ports[0]!;
    this.fork('standby');
    this.record();
    return this.port;
  }

  private fork(role: WorkerRole): Slot {
    const worker = cluster.fork({
      [WORKER_ENV.role]: role,
      [WORKER_ENV.services]: JSON.stringify({ databaseUrl: this.services.databaseUrl, meili: this.services.meili }),
    });
    const slot: Slot = { role, worker, ready: false };
    this.slots.add(slot);
    worker.on('message', (message: WorkerReport) => {
      if (message?.type !== 'ready' && message?.type !== 'standing-by') return;
      slot.ready = true;
      this.earlyDeaths[slot.role] = 0;
      if (this.port) this.record();
    });
    worker.on('exit', (code, signal) => this.exited(slot, code, signal));
    return slot;
  }

  private readiness(slot: Slot): Promise<number> {
    return new Promise((resolve, reject) => {
      slot.worker.on('message', (message: WorkerReport) => {
        if (message?.type === 'ready') resolve(message.port ?? 0);
        else if (message?.type === 'failed') reject(new LauncherError(message.message));
      });
      slot.worker.once('exit', (code) => reject(new LauncherError(`HTTP-процесс завершился при запуске (код ${code})`)));
    });
  }

  private exited(slot: Slot, code: number | null, signal: string | null) {
    this.slots.delete(slot);
    if (this.stopping) return;
    if (!this.port) return; // still starting: `start()` reports the failure
    const spare = slot.role === 'web' ? [...this.slots].find((s) => s.role === 'standby' && s.ready) : undefined;
    this.logger.error('worker died, starting another', {
      role: slot.role,
      pid: slot.worker.process.pid,
      code,
      signal,
      spare: spare?.worker.process.pid ?? null,
    });
    if (spare) {
      spare.role = 'web';
      spare.ready = false;
      spare.worker.send({ type: 'serve' } satisfies SupervisorMessage);
      this.fork('standby');
    } else {
      const delay = slot.ready ? 0 : Math.min(250 * 2 ** this.earlyDeaths[slot.role]++, MAX_RESTART_DELAY_MS);
      setTimeout(() => this.stopping || this.fork(slot.role), delay).unref();
    }
    this.record();
  }

  /** The workers' pids in the runtime record, beside the services', for operators and tests. */
  private record() {
    const pids = (role: WorkerRole) => [...this.slots].filter((s) => s.role === role && s.ready).map((s) => s.worker.process.pid!);
    updateRuntimeRecord(this.config.dataDir, {
      httpPort: this.port || undefined,
      workers: { web: pids('web'), standby: pids('standby'), jobs: pids('jobs') },
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.slots].map((slot) => this.drain(slot.worker)));
    await this.services.stop();
  }

  private drain(worker: Worker): Promise<void> {
    return new Promise((resolve) => {
      if (worker.isDead()) return resolve();
      const timer = setTimeout(() => {
        this.logger.error('worker did not stop in time, killing it', { pid: worker.process.pid });
        worker.process.kill('SIGKILL');
      }, DRAIN_TIMEOUT_MS);
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      if (worker.isConnected()) worker.send({ type: 'drain' } satisfies SupervisorMessage);
      else worker.process.kill('SIGTERM');
    });
  }
}
