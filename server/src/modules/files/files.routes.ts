import { pipeline } from 'node:stream/promises';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import busboy from 'busboy';
import express from 'express';
import type { Logger } from '../../common/logger.ts';
import { contentDisposition } from '../../common/content-disposition.ts';
import { toGlobalId } from '../../common/global-id.ts';
import { can } from '../accounts/policy.ts';
import type { Viewer } from '../accounts/viewer.ts';
import { isBot } from '../../common/user-agent.ts';
import type { UsageRecorder } from '../usage/usage-recorder.ts';
import { FILE_TYPES } from './file-types.ts';
import type { MediaFile } from './media-file.entity.ts';
import type { ByteRange } from './storage.ts';
import { mib, UploadError, UploadService, type FilesConfig } from './upload.service.ts';

/** What the routes may know of a file beyond its bytes: who sees it and which materials carry it (rules that belong to materials). */
export interface FileAccess {
  findById(id: string): Promise<MediaFile | null>;
  isPublished(fileId: string): Promise<boolean>;
  materialOfDownload(fileId: string, named: unknown): Promise<string | undefined>;
}

export interface FileRoutesOptions {
  orm: MikroORM;
  files: FilesConfig;
  usage: UsageRecorder;
  logger: Logger;
  viewerOf(req: express.Request): Promise<Viewer | null>;
  /** A request's view of the files, on its own EntityManager. */
  accessFor(viewer: Viewer | null): FileAccess;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Shown in the browser (the PDF viewer, players, images); everything else, SVG included, is only downloaded. */
const INLINE_SAFE = new Set<string>([
  FILE_TYPES.pdf.mime,
  FILE_TYPES.jpeg.mime,
  FILE_TYPES.png.mime,
  FILE_TYPES.webp.mime,
  FILE_TYPES.mp3.mime,
  FILE_TYPES.ogg.mime,
  FILE_TYPES.mp4.mime,
  FILE_TYPES.webm.mime,
]);

/**
 * Every file, PDFs shown inline included: nothing in it runs with our origin or loads anything.
 * Chromium's out-of-process PDF viewer shows a PDF under this policy, at the top level and in the
 * client's frame alike (checked with Chromium 156); earlier versions refused any sandboxed PDF
 * whatever its `allow-*` tokens, and their readers have the download link beside the viewer.
 */
const FILE_CSP = "default-src 'none'; sandbox; frame-ancestors 'self'";

const problem = (res: express.Response, status: number, message: string) => res.status(status).json({ error: message });

/** One `bytes=` range of RFC 9110; several ranges are answered with the whole file (allowed, and simpler). */
export function parseRange(header: string | undefined, size: number): ByteRange | 'whole' | 'unsatisfiable' {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match || (match[1] === '' && match[2] === '')) return 'whole';
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

export function fileRoutes(options: FileRoutesOptions): express.Router {
  const { orm, files, logger } = options;
  const router = express.Router();

  router.post('/api/files', async (req, res) => {
    const viewer = await options.viewerOf(req);
    if (!viewer) return problem(res, 401, 'Войдите в систему, чтобы загружать файлы');
    if (!can(viewer, 'file.upload')) return problem(res, 403, `Роль ${viewer.role} не позволяет загружать файлы`);
    // A cross-site form cannot set this header: with a cookie session it proves the request came from our pages.
    if (!req.headers.authorization && !req.headers['x-requested-with'])
      return problem(res, 403, 'Загрузка из браузера требует заголовка X-Requested-With');
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > files.maxUploadBytes + 64 * 1024)
      return refuse(req, res, new UploadError(413, `Файл больше допустимых ${mib(files.maxUploadBytes)}`));
    if (!req.is('multipart/form-data')) return problem(res, 415, 'Ожидается multipart/form-data с полем file');

    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fields: 10, fieldSize: 1024 } });
    } catch (error) {
      return problem(res, 400, `Запрос не разобран: ${(error as Error).message}`);
    }
    const em = orm.em.fork() as EntityManager;
    let upload: Promise<void> | undefined;
    // Why the body is broken, once it is: busboy then also destroys the part being read with that error.
    let broken: Error | undefined;
    const answer = (status: number, body: object) => {
      if (!res.headersSent && !res.destroyed) res.status(status).json(body);
    };
    const unparsed = (error: Error) => answer(400, { error: `Запрос не разобран: ${error.message}` });
    // The body read to its closing boundary: only then is the file kept (a part can end well in a form that does not).
    const formComplete = new Promise<void>((resolve, reject) => {
      parser.on('finish', resolve);
      parser.on('error', reject);
    });
    formComplete.catch(() => {}); // the upload learns of it through `broken`
    parser.on('file', (field, stream, info) => {
      // Every part's stream listens from its first moment, before any await: an error without a listener ends the process.
      stream.on('error', (error: Error) => (broken ??= error));
      if (field !== 'file' || upload) return stream.resume();
      upload = new UploadService(em, files)
        .receive(stream, info.filename, viewer, formComplete)
        .then(
          ({ file, duplicate }) => {
            answer(duplicate ? 200 : 201, {
              id: toGlobalId('MediaFile', file.id),
              fileName: file.fileName,
              mimeType: file.mimeType,
              size: file.size,
              sha256: file.sha256,
              url: file.url,
              duplicate,
            });
          },
          (error) => {
            if (error instanceof UploadError) return refuse(req, res, error);
            if (broken) return unparsed(broken);
            logger.error('upload failed', { error: String((error as Error)?.stack ?? error) });
            answer(500, { error: 'Файл не сохранён из-за ошибки сервера; попробуйте ещё раз' });
          },
        )
        .catch((error) => logger.error('upload answer failed', { error: String(error) }));
    });
    parser.on('close', () => {
      if (!upload && !broken) answer(400, { error: 'В запросе нет поля file с файлом' });
    });
    parser.on('error', (error: Error) => {
      broken ??= error;
      // An upload under way answers for itself, once it has removed what it wrote.
      if (!upload) unparsed(error);
    });
    // A client that goes away mid-body never ends the request: stopping the parser fails the part
    // being written, and the upload removes what it had written.
    req.on('close', () => {
      if (!req.complete) parser.destroy(new Error('соединение оборвано до конца запроса'));
    });
    req.pipe(parser);
  });

  const serviceFor = async (req: express.Request) => options.accessFor(await options.viewerOf(req));
  const findVisible = async (service: FileAccess, id: string) => (UUID.test(id) ? service.findById(id) : null);

  router.get('/files/:id', async (req, res) => {
    const service = await serviceFor(req);
    const file = await findVisible(service, req.params.id);
    if (!file) return problem(res, 404, 'Файл не найден или ещё не опубликован');
    const etag = `"${file.sha256}"`;
    const isPublic = await service.isPublished(file.id);
    res.set({
      ETag: etag,
      'Last-Modified': file.createdAt.toUTCString(),
      'Accept-Ranges': 'bytes',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': isPublic ? 'public, max-age=3600' : 'private, no-cache',
      'Content-Security-Policy': FILE_CSP,
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
    if (req.headers['if-none-match'] === etag) return res.status(304).end();

    const inline = req.query.inline === '1' && INLINE_SAFE.has(file.mimeType);
    res.set('Content-Type', file.mimeType);
    res.set('Content-Disposition', contentDisposition(inline ? 'inline' : 'attachment', file.fileName));

    const ifRange = req.headers['if-range'];
    const range = ifRange && ifRange !== etag ? 'whole' : parseRange(req.headers.range, file.size);
    if (range === 'unsatisfiable') {
      res.set('Content-Range', `bytes */${file.size}`);
      return problem(res, 416, `Диапазон за пределами файла (${file.size} байт)`);
    }
    const partial = range !== 'whole';
    if (partial) res.status(206).set('Content-Range', `bytes ${range.start}-${range.end}/${file.size}`);
    res.set('Content-Length', String(partial ? range.end - range.start + 1 : file.size));
    if (req.method === 'HEAD') return res.end();

    // A download starts at byte 0; the later ranges of a video being watched are not new downloads.
    if ((!partial || range.start === 0) && !isBot(req.headers['user-agent'])) {
      void service.materialOfDownload(file.id, req.query.material).then(
        (materialId) => options.usage.download(file.id, materialId),
        () => options.usage.download(file.id, undefined),
      );
    }
    try {
      await pipeline(await files.storage.read(file.storageKey, partial ? range : undefined), res);
    } catch (error) {
      // A reader who leaves mid-download (a seek, a closed tab) is not a fault.
      if (req.destroyed || (error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
      logger.warn('download interrupted', { fileId: file.id, error: String(error) });
      if (!res.headersSent) problem(res, 503, 'Хранилище файлов недоступно; попробуйте позже');
      else res.destroy();
    }
  });

  router.get('/files/:id/preview', async (req, res) => {
    const file = await findVisible(await serviceFor(req), req.params.id);
    if (!file?.previewKey) return problem(res, 404, 'Миниатюры нет');
    res.set({
      'Content-Type': 'image/webp',
      'Cache-Control': 'public, max-age=86400',
      'X-Content-Type-Options': 'nosniff',
      ETag: `"p-${file.sha256}"`,
    });
    if (req.headers['if-none-match'] === `"p-${file.sha256}"`) return res.status(304).end();
    try {
      await pipeline(await files.storage.read(file.previewKey), res);
    } catch (error) {
      if (req.destroyed || (error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
      logger.warn('preview unavailable', { fileId: file.id, error: String(error) });
      if (!res.headersSent) problem(res, 503, 'Миниатюра недоступна');
      else res.destroy();
    }
  });

  return router;
}

/** Refuses an upload and closes the connection, so the rest of a too-large body is not read. */
function refuse(req: express.Request, res: express.Response, error: UploadError) {
  if (res.headersSent) return;
  res.set('Connection', 'close');
  problem(res, error.status, error.message);
  res.on('finish', () => {
    req.unpipe();
    // Let the answer reach the client before the socket goes.
    setTimeout(() => req.socket.destroy(), 50).unref();
  });
}
