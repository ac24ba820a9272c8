import { useState } from 'react';
import { t } from '../../app/i18n.ts';
import type { FileList_MaterialFragment } from '../../gql/graphql.ts';
import { duration, fileSize } from './format.ts';

type Attachment = FileList_MaterialFragment['attachments'][number];

const viewable = (mime: string) => mime === 'application/pdf' || /^(image\/(jpeg|png|webp)|audio\/|video\/)/.test(mime);

/** The viewer a file type calls for: the browser's PDF viewer, a player, or the picture itself. */
function Viewer({ file, title }: { file: Attachment['file']; title: string }) {
  const src = `${file.url}?inline=1`;
  if (file.mimeType === 'application/pdf') return <iframe className="pdf-viewer" src={src} title={title} />;
  // eslint-disable-next-line jsx-a11y/media-has-caption -- uploads come without caption files; there is no track to give.
  if (file.mimeType.startsWith('video/')) return <video className="player" controls preload="metadata" src={src} aria-label={title} />;
  // eslint-disable-next-line jsx-a11y/media-has-caption -- as above: an uploaded recording has no captions.
  if (file.mimeType.startsWith('audio/')) return <audio controls preload="metadata" src={src} aria-label={title} />;
  return <img className="image-view" src={src} alt={title} />;
}

/** A material's files: thumbnail, facts, a viewer that opens in place, and the download. */
export function FileList({ material }: { material: FileList_MaterialFragment }) {
  const [open, setOpen] = useState<string | null>(null);
  if (!material.attachments.length) return null;
  return (
    <section aria-labelledby="files-title">
      <h2 id="files-title">{t.files}</h2>
      <ul className="files">
        {material.attachments.map(({ file, title }) => {
          const name = title ?? file.fileName;
          const facts = [
            `${t.mediaKind[file.kind] ?? file.kind} ${file.fileName.split('.').pop()?.toUpperCase() ?? ''}`.trim(),
            fileSize(file.size),
            file.pageCount ? t.pagesCount(file.pageCount) : null,
            file.durationSeconds ? duration(file.durationSeconds) : null,
          ]
            .filter(Boolean)
            .join(' · ');
          return (
            <li key={file.id} className="file">
              <div className="file-row">
                {file.previewUrl ? (
                  <img className="thumb" src={file.previewUrl} alt="" width={80} loading="lazy" />
                ) : (
                  <span className="thumb thumb-none" aria-hidden="true">
                    {file.fileName.split('.').pop()?.toUpperCase()}
                  </span>
                )}
                <div className="file-info">
                  <strong>{name}</strong>
                  {title && <span className="muted">{file.fileName}</span>}
                  <span className="muted">{facts}</span>
                  <span className="file-actions">
                    {viewable(file.mimeType) && (
                      <button type="button" aria-expanded={open === file.id} onClick={() => setOpen(open === file.id ? null : file.id)}>
                        {open === file.id ? t.closeViewer : t.view}
                      </button>
                    )}
                    <a className="button" href={`${file.url}?material=${encodeURIComponent(material.id)}`} download={file.fileName}>
                      {t.download}
                    </a>
                  </span>
                </div>
              </div>
              {open === file.id && <Viewer file={file} title={name} />}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
