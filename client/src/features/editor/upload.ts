import { t } from '../../app/i18n.ts';

export interface UploadedFile {
  id: string;
  fileName: string;
  mimeType: string;
  size: number;
}

/**
 * Sends one file to POST /api/files with progress (fetch has no upload progress; XHR does).
 * Rejects with the server's Russian message, which names the problem (type, size).
 */
export function uploadFile(file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/files');
    xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
    xhr.responseType = 'json';
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    xhr.onload = () => {
      const body = xhr.response as (UploadedFile & { error?: string }) | null;
      if (xhr.status === 200 || xhr.status === 201) resolve(body!);
      else reject(new Error(body?.error ?? t.uploadFailed(xhr.status)));
    };
    xhr.onerror = () => reject(new Error(t.uploadNetwork));
    xhr.onabort = () => reject(new Error(t.uploadCancelled));
    signal?.addEventListener('abort', () => xhr.abort());
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
