import { gql } from '@apollo/client';
import { useMutation } from '@apollo/client/react';
import { useRef, useState, type DragEvent } from 'react';
import { t } from '../../app/i18n.ts';
import type {
  AttachFileMutationMutation,
  AttachFileMutationMutationVariables,
  DetachFileMutationMutation,
  DetachFileMutationMutationVariables,
  FileList_MaterialFragment,
  ReorderFilesMutationMutation,
  ReorderFilesMutationMutationVariables,
} from '../../gql/graphql.ts';
import { fileSize } from '../files/format.ts';
import { uploadFile } from './upload.ts';

const ATTACH = gql`
  mutation AttachFileMutation($materialId: ID!, $fileId: ID!, $title: String, $order: Int) {
    attachFile(materialId: $materialId, fileId: $fileId, title: $title, order: $order) {
      id
      ...FileList_material
    }
  }
`;
const DETACH = gql`
  mutation DetachFileMutation($materialId: ID!, $fileId: ID!) {
    detachFile(materialId: $materialId, fileId: $fileId) {
      id
      ...FileList_material
    }
  }
`;
const REORDER = gql`
  mutation ReorderFilesMutation($materialId: ID!, $fileIds: [ID!]!) {
    reorderFiles(materialId: $materialId, fileIds: $fileIds) {
      id
      ...FileList_material
    }
  }
`;

/** The caption readers see instead of the file's own name; empty brings the file name back. */
function CaptionEditor({
  name,
  title,
  onSave,
}: {
  name: string;
  title: string | null | undefined;
  onSave: (title: string | null) => Promise<boolean>;
}) {
  const [value, setValue] = useState<string | null>(null);
  if (value === null) {
    return (
      <button type="button" onClick={() => setValue(title ?? '')} aria-label={t.captionOf(name)}>
        {t.caption}
      </button>
    );
  }
  return (
    <span className="caption-editor" role="group" aria-label={t.captionOf(name)}>
      <input
        type="text"
        value={value}
        maxLength={300}
        aria-label={t.captionOf(name)}
        placeholder={name}
        onChange={(e) => setValue(e.target.value)}
      />
      <button type="button" onClick={() => void onSave(value.trim() || null).then((saved) => saved && setValue(null))}>
        {t.saveCaption}
      </button>
      <button type="button" onClick={() => setValue(null)}>
        {t.cancel}
      </button>
    </span>
  );
}

interface Transfer {
  key: string;
  name: string;
  progress: number;
  error?: string;
}

/** Drop files or pick them: each uploads with its own progress bar, then is attached; attached files can be moved or removed. */
export function FileUploader({ material }: { material: FileList_MaterialFragment }) {
  const [transfers, setTransfers] = useState<Transfer[]>([]);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const [attach] = useMutation<AttachFileMutationMutation, AttachFileMutationMutationVariables>(ATTACH);
  const [detach] = useMutation<DetachFileMutationMutation, DetachFileMutationMutationVariables>(DETACH);
  const [reorder] = useMutation<ReorderFilesMutationMutation, ReorderFilesMutationMutationVariables>(REORDER);
  const [actionError, setActionError] = useState<string | null>(null);

  const update = (key: string, change: Partial<Transfer>) =>
    setTransfers((list) => list.map((x) => (x.key === key ? { ...x, ...change } : x)));
  const send = (files: FileList | File[]) => {
    for (const file of Array.from(files)) {
      const key = `${file.name}-${file.size}-${Math.random()}`;
      setTransfers((list) => [...list, { key, name: file.name, progress: 0 }]);
      uploadFile(file, (progress) => update(key, { progress }))
        .then((uploaded) =>
          attach({
            variables: { materialId: material.id, fileId: uploaded.id, title: file.name === uploaded.fileName ? null : file.name },
          }),
        )
        .then(() => setTransfers((list) => list.filter((x) => x.key !== key)))
        .catch((error: Error) => update(key, { error: error.message }));
    }
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    if (event.dataTransfer.files.length) send(event.dataTransfer.files);
  };
  /** Whether the change went through; a refusal is shown under the list. */
  const act = (work: Promise<unknown>): Promise<boolean> =>
    work.then(
      () => (setActionError(null), true),
      (error: Error) => (setActionError(error.message), false),
    );
  const ids = material.attachments.map((a) => a.file.id);
  const move = (index: number, by: number) => {
    const next = [...ids];
    [next[index], next[index + by]] = [next[index + by]!, next[index]!];
    void act(reorder({ variables: { materialId: material.id, fileIds: next } }));
  };

  return (
    <fieldset className="uploader">
      <legend>{t.files}</legend>
      <ol className="attached">
        {material.attachments.map(({ file, title }, index) => (
          <li key={file.id}>
            <span className="attached-name">
              {title ?? file.fileName} <span className="muted">({fileSize(file.size)})</span>
            </span>
            <span className={`status status-${file.extractionStatus.toLowerCase()}`}>{t.extraction[file.extractionStatus]}</span>
            {file.extractionError && <span className="error">{file.extractionError}</span>}
            <span className="row-actions">
              <button type="button" disabled={index === 0} onClick={() => move(index, -1)} aria-label={t.moveUp(title ?? file.fileName)}>
                ↑
              </button>
              <button
                type="button"
                disabled={index === ids.length - 1}
                onClick={() => move(index, 1)}
                aria-label={t.moveDown(title ?? file.fileName)}
              >
                ↓
              </button>
              <CaptionEditor
                name={file.fileName}
                title={title}
                onSave={(caption) =>
                  act(attach({ variables: { materialId: material.id, fileId: file.id, title: caption, order: index + 1 } }))
                }
              />
              <button type="button" onClick={() => void act(detach({ variables: { materialId: material.id, fileId: file.id } }))}>
                {t.detach}
              </button>
            </span>
          </li>
        ))}
      </ol>
      {transfers.map((x) => (
        <div key={x.key} className="transfer">
          <label>
            {x.name}
            <progress max={1} value={x.progress} aria-label={t.uploading(x.name)} />
          </label>
          {x.error && (
            <p role="alert" className="error">
              {x.error}{' '}
              <button type="button" className="link" onClick={() => setTransfers((list) => list.filter((y) => y.key !== x.key))}>
                {t.dismiss}
              </button>
            </p>
          )}
        </div>
      ))}
      {actionError && (
        <p role="alert" className="error">
          {actionError}
        </p>
      )}
      <div
        className={`dropzone${over ? ' over' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>{t.dropHere}</p>
        <button type="button" onClick={() => input.current?.click()}>
          {t.chooseFiles}
        </button>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          aria-label={t.chooseFiles}
          onChange={(event) => event.target.files && send(event.target.files)}
        />
        <p className="muted">{t.acceptedTypes}</p>
      </div>
    </fieldset>
  );
}
