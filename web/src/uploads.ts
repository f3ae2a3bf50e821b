import type { ApiClient } from './api';
import { maxUploadBytes, type Upload } from './contracts';

// Supporting documents go straight from the browser to S3 with the presigned POST the API hands out,
// then the upload hook checks the stored bytes; a document counts only once it is Verified.

const pdfTypes = new Set(['', 'application/pdf', 'application/x-pdf']);

/** Why the browser refuses a file before asking the API, or undefined when it may go up. */
export function pdfProblem(file: File): string | undefined {
  if (!/\.pdf$/i.test(file.name) || !pdfTypes.has(file.type)) return `${file.name} is not a PDF file.`;
  if (file.size === 0) return `${file.name} is empty.`;
  // The createUpload contract's limit, which the presigned POST and the upload hook also hold to.
  if (file.size > maxUploadBytes) return `${file.name} is larger than 10 MB.`;
  return undefined;
}

/** Asks for a presigned POST and sends the file; answers the upload, still Awaiting Upload. */
export async function sendPdf(api: ApiClient, file: File, signal: AbortSignal): Promise<Upload> {
  const ticket = await api.call(
    'createUpload',
    { body: { fileName: file.name, sizeBytes: file.size } },
    { signal },
  );
  const form = new FormData();
  for (const [name, value] of Object.entries(ticket.post.fields)) form.append(name, value);
  // S3 reads the form fields before the file, so the file must come last.
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(ticket.post.url, { method: 'POST', body: form, signal });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new Error(`${file.name} could not be sent to the document store. Please try again.`);
  }
  if (!response.ok) throw new Error(`The document store refused ${file.name} (HTTP ${response.status}).`);
  return ticket.upload;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/** Polls until the upload hook has given its verdict (Verified or Rejected). */
export async function checkedUpload(
  api: ApiClient,
  uploadId: string,
  signal: AbortSignal,
  timeoutMs = 120_000,
): Promise<Upload> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 500; ; delay = Math.min(delay * 1.5, 3_000)) {
    const upload = await api.call('getUpload', { path: { uploadId } }, { signal });
    if (upload.status !== 'Awaiting Upload') return upload;
    if (Date.now() > deadline)
      throw new Error(`${upload.fileName} is taking too long to check. Please try again.`);
    await sleep(delay, signal);
  }
}
