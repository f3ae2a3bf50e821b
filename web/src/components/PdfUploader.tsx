import { useEffect, useRef } from 'preact/hooks';
import { type ApiClient, asApiError } from '../api';
import { useApp } from '../context';
import type { Upload } from '../contracts';
import { checkedUpload, pdfProblem, sendPdf } from '../uploads';
import { DropZone } from './DropZone';

// "Supporting Documents — Click or drag file to upload, PDF • Max 10MB" (guide §4.2). The list is
// owned by the form (it is part of what Save as Draft keeps); this component only adds to it and
// reports each file's progress, so a file reads "Checking…" until the upload hook has verified it.

export interface AttachedPdf {
  key: string;
  fileName: string;
  sizeBytes?: number | undefined;
  uploadId?: string | undefined;
  state: 'uploading' | 'checking' | 'verified' | 'rejected' | 'failed';
  problem?: string | undefined;
}

export type PdfListUpdate = (update: (files: AttachedPdf[]) => AttachedPdf[]) => void;

let keys = 0;
const nextKey = (): string => `pdf-${++keys}`;

export const verifiedUploadIds = (files: readonly AttachedPdf[]): string[] =>
  files.flatMap((f) => (f.state === 'verified' && f.uploadId ? [f.uploadId] : []));

export const uploadsPending = (files: readonly AttachedPdf[]): boolean =>
  files.some((f) => f.state === 'uploading' || f.state === 'checking');

/** "12.0 KB" as the guide shows it; a tiny file would read "0.0 KB", so it gets its bytes. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(1)} MB`
    : `${(bytes / 1024).toFixed(1)} KB`;
}

const fromUpload = (u: Upload): AttachedPdf => ({
  key: nextKey(),
  fileName: u.fileName,
  sizeBytes: u.sizeBytes,
  uploadId: u.uploadId,
  state: u.status === 'Verified' ? 'verified' : u.status === 'Rejected' ? 'rejected' : 'checking',
  problem: u.rejectionReason,
});

/** A saved draft keeps upload ids only: their names and verdicts come from the uploads themselves. */
export async function attachedFromIds(api: ApiClient, uploadIds: readonly string[]): Promise<AttachedPdf[]> {
  return Promise.all(
    uploadIds.map(async (uploadId) => {
      try {
        return fromUpload(await api.call('getUpload', { path: { uploadId } }));
      } catch (error) {
        return {
          key: nextKey(),
          fileName: uploadId,
          uploadId,
          state: 'failed',
          problem: asApiError(error).message,
        };
      }
    }),
  );
}

const stateText: Record<AttachedPdf['state'], string> = {
  uploading: 'Uploading…',
  checking: 'Checking…',
  verified: 'Verified',
  rejected: 'Rejected',
  failed: 'Not uploaded',
};

export function PdfUploader({
  id,
  label,
  files,
  onChange,
  error,
  required = false,
}: {
  id: string;
  label: string;
  files: readonly AttachedPdf[];
  onChange: PdfListUpdate;
  error?: string | undefined;
  required?: boolean;
}) {
  const { api } = useApp();
  // One signal for the component's life: leaving the page stops the sending and the polling.
  const lifetime = useRef(new AbortController());
  useEffect(() => {
    const controller = lifetime.current;
    return () => controller.abort();
  }, []);

  const update = (key: string, patch: Partial<AttachedPdf>) =>
    onChange((list) => list.map((f) => (f.key === key ? { ...f, ...patch } : f)));

  async function add(file: File) {
    const key = nextKey();
    const problem = pdfProblem(file);
    const entry: AttachedPdf = { key, fileName: file.name, sizeBytes: file.size, state: 'uploading' };
    onChange((list) => [...list, problem ? { ...entry, state: 'failed', problem } : entry]);
    if (problem) return;
    const { signal } = lifetime.current;
    try {
      const upload = await sendPdf(api, file, signal);
      update(key, { uploadId: upload.uploadId, state: 'checking' });
      const checked = await checkedUpload(api, upload.uploadId, signal);
      update(
        key,
        checked.status === 'Verified'
          ? { state: 'verified', sizeBytes: checked.sizeBytes ?? file.size }
          : { state: 'rejected', problem: checked.rejectionReason ?? 'The file is not an acceptable PDF.' },
      );
    } catch (failure) {
      if (!signal.aborted) update(key, { state: 'failed', problem: asApiError(failure).message });
    }
  }

  const addAll = (list: FileList | null | undefined) => {
    for (const file of Array.from(list ?? [])) void add(file);
  };

  const errorId = `${id}-error`;
  return (
    <div class="uploader">
      <span class="field-label" id={`${id}-label`}>
        {required && (
          <span class="required" aria-hidden="true">
            *{' '}
          </span>
        )}
        {label}
      </span>
      <DropZone
        input={{
          id,
          accept: 'application/pdf,.pdf',
          multiple: true,
          'aria-labelledby': `${id}-label ${id}-prompt`,
          'aria-describedby': error ? errorId : undefined,
          'aria-invalid': error ? true : undefined,
          required,
        }}
        invalid={Boolean(error)}
        onFiles={addAll}
      >
        <span class="dropzone__prompt" id={`${id}-prompt`}>
          Click or drag file to upload
        </span>
        <span class="dropzone__hint">PDF • Max 10MB</span>
      </DropZone>
      {files.length > 0 && (
        <ul class="file-list" aria-live="polite" aria-label="Attached files">
          {files.map((f) => (
            <li key={f.key} class={`file file--${f.state}`}>
              <span class="file__name">{f.fileName}</span>
              {f.sizeBytes !== undefined && <span class="file__size">{formatSize(f.sizeBytes)}</span>}
              <span class="file__state">{stateText[f.state]}</span>
              {f.problem && <span class="file__problem">{f.problem}</span>}
              <button
                type="button"
                class="link-button"
                aria-label={`Remove ${f.fileName}`}
                onClick={() => onChange((list) => list.filter((x) => x.key !== f.key))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p class="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
