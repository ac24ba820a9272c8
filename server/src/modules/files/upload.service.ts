import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from '../accounts/user.entity.ts';
import type { Viewer } from '../accounts/viewer.ts';
import { detectFileType, FILE_TYPES, HEAD_BYTES, nameMatches, typeByName, type MediaKind } from './file-types.ts';
import { MediaFile } from './media-file.entity.ts';
import { newStorageKey, type FileStorage } from './storage.ts';
import { ZipBombError, type InflateLimits } from './zip.ts';

export interface FilesConfig {
  storage: FileStorage;
  /** Uploads are written here first, checked, then handed to the storage. */
  incomingDir: string;
  maxUploadBytes: number;
  inflateLimits: InflateLimits;
}

/** A refusal with the HTTP status that says why (413 too large, 415 wrong type, 422 unusable content). */
export class UploadError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const ACCEPTED = 'PDF, DOC/DOCX, ODT, RTF, TXT, PPT/PPTX, ODP, XLS/XLSX, ODS, JPEG, PNG, WebP, SVG, MP3, OGG, MP4, WebM, ZIP';

/** A file name for display: no directories, no control characters, a sane length. */
export function displayName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 200);
  return clean || 'файл';
}

export const mib = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} МБ`;

/**
 * Takes an upload stream to a stored MediaFile: counts and hashes while writing, refuses what
 * is too large or not what it claims, keeps one copy of the bytes per content. Nothing half-written stays.
 */
export class UploadService {
  constructor(
    private readonly em: EntityManager,
    private readonly files: FilesConfig,
  ) {}

  /** `complete`, when given, settles once the request that carried the bytes is whole: the file is kept only if it resolves. */
  async receive(
    source: Readable,
    rawName: string | undefined,
    uploader: Viewer | null,
    complete?: Promise<void>,
  ): Promise<{ file: MediaFile; duplicate: boolean }> {
    const fileName = displayName(rawName);
    // The source may fail before the pipeline below takes it (a body cut short while the directory is
    // made): an error without a listener would end the process; the pipeline then sees the stored error.
    source.on('error', () => {});
    await fsp.mkdir(this.files.incomingDir, { recursive: true });
    const temp = path.join(this.files.incomingDir, `${randomUUID()}.upload`);
    try {
      const { size, sha256, head } = await this.write(source, temp);
      if (size === 0) throw new UploadError(422, `Файл «${fileName}» пуст`);
      const { mimeType, kind } = await this.check(temp, head, fileName);
      await complete;
      return await this.store(temp, { fileName, size, sha256, mimeType, kind }, uploader);
    } finally {
      await fsp.rm(temp, { force: true });
    }
  }

  private async write(source: Readable, temp: string) {
    const hash = createHash('sha256');
    const headChunks: Buffer[] = [];
    let size = 0;
    let headLength = 0;
    const max = this.files.maxUploadBytes;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > max) return done(new UploadError(413, `Файл больше допустимых ${mib(max)}`));
        hash.update(chunk);
        if (headLength < HEAD_BYTES) {
          headChunks.push(chunk);
          headLength += chunk.length;
        }
        done(null, chunk);
      },
    });
    await pipeline(source, meter, fs.createWriteStream(temp, { flags: 'wx' }));
    return { size, sha256: hash.digest('hex'), head: Buffer.concat(headChunks).subarray(0, HEAD_BYTES) };
  }

  private async check(temp: string, head: Buffer, fileName: string): Promise<{ mimeType: string; kind: MediaKind }> {
    let detected;
    try {
      detected = await detectFileType(temp, head, this.files.inflateLimits);
    } catch (error) {
      if (error instanceof ZipBombError) throw new UploadError(422, `Файл «${fileName}» отклонён: ${error.message}`);
      throw new UploadError(415, `Файл «${fileName}» не удалось прочитать как архив или документ Office: ${(error as Error).message}`);
    }
    if (!detected.accepted)
      throw new UploadError(
        415,
        `Файл «${fileName}» по содержимому — ${detected.label}; такие файлы не принимаются. Допустимы: ${ACCEPTED}`,
      );
    const { type } = detected;
    if (!nameMatches(fileName, type)) {
      const claimed = typeByName(fileName);
      throw new UploadError(
        415,
        `Файл «${fileName}» назван как ${claimed?.label ?? `«.${path.extname(fileName).slice(1)}»`}, а по содержимому — ${type.label}; переименуйте его или выберите другой файл`,
      );
    }
    const mimeType = type === FILE_TYPES.txt && !isUtf8Start(head) ? 'text/plain; charset=windows-1251' : type.mime;
    return { mimeType, kind: type.kind };
  }

  /**
   * The uploader's own earlier upload of these bytes is the same file again. Otherwise a new row of
   * theirs: it shares the stored object of another upload of the same content (nobody learns of
   * that one, its name or its uploader), or stores the bytes when there is none.
   */
  private async store(
    temp: string,
    meta: { fileName: string; size: number; sha256: string; mimeType: string; kind: MediaKind },
    uploader: Viewer | null,
  ) {
    const own = await this.em.findOne(MediaFile, { sha256: meta.sha256, uploadedBy: uploader?.userId ?? null });
    if (own) return { file: own, duplicate: true };
    const uploadedBy = uploader ? this.em.getReference(User, uploader.userId) : undefined;
    const shared = await this.em.transactional(async (em) => {
      // Locked until this row is in: files:gc deletes the other row first, so it sees this one before deleting the object.
      const sibling = await em.findOne(
        MediaFile,
        { sha256: meta.sha256 },
        { lockMode: LockMode.PESSIMISTIC_READ, orderBy: { createdAt: 'asc' } },
      );
      return sibling ? em.create(MediaFile, { ...meta, storageKey: sibling.storageKey, uploadedBy }) : undefined;
    });
    if (shared) return { file: shared, duplicate: false };
    const key = newStorageKey();
    await this.files.storage.put(key, temp, meta.mimeType);
    try {
      const file = this.em.create(MediaFile, { ...meta, storageKey: key, uploadedBy });
      await this.em.flush();
      return { file, duplicate: false };
    } catch (error) {
      await this.files.storage.delete(key).catch(() => {});
      throw error;
    }
  }
}

/** Whether the first bytes are UTF-8 (a multi-byte character cut at the end of the head is fine). */
function isUtf8Start(head: Buffer): boolean {
  for (let cut = 0; cut < 4 && cut < head.length; cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, head.length - cut));
      return true;
    } catch {
      // try without the last bytes
    }
  }
  return head.length === 0;
}
