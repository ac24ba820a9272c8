import path from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import type { Logger } from '../../common/logger.ts';
import { type Config, DEFAULT_TIME_ZONE } from '../../config.ts';
import { UsageRecorder } from '../usage/usage-recorder.ts';
import { FileProcessor, type ProcessorOptions } from './extraction/file-processor.ts';
import { S3Storage } from './s3-storage.ts';
import { LocalStorage } from './storage.ts';
import type { FilesConfig } from './upload.service.ts';
import { DEFAULT_INFLATE_LIMITS } from './zip.ts';

/** The storage and limits the configuration asks for. */
export function filesConfig(config: Config): FilesConfig {
  const root = path.join(config.dataDir, 'files');
  return {
    storage: config.storage.kind === 's3' ? new S3Storage(config.storage) : new LocalStorage(path.join(root, 'store')),
    incomingDir: path.join(root, 'incoming'),
    maxUploadBytes: Math.round(config.maxUploadMb * 1024 * 1024),
    inflateLimits: DEFAULT_INFLATE_LIMITS,
  };
}

/** The media library's running parts: storage and limits, the usage counts (downloads, views, searches), the processing job. */
export interface FilesDeps {
  config: FilesConfig;
  usage: UsageRecorder;
  processor: FileProcessor;
}

export function createFilesDeps(
  orm: MikroORM,
  config: FilesConfig,
  logger: Logger,
  options: ProcessorOptions & { countEveryMs?: number; timeZone?: string } = {},
): FilesDeps {
  return {
    config,
    usage: new UsageRecorder(orm, logger, options.timeZone ?? DEFAULT_TIME_ZONE, options.countEveryMs),
    processor: new FileProcessor(orm, config.storage, logger, { ...options, limits: config.inflateLimits }),
  };
}
