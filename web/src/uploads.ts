import type { ApiClient } from './api';
import { maxUploadBytes, type Upload } from './contracts';

// Supporting documents go straight from the browser to S3 with the presigned POST the API hands out,
// then the upload hook checks the stored bytes; a document counts only once it is Verified. Official
// transcripts (transcripts.ts) travel the same way, so the steps both take are exported here.

/** One kind of file a picker takes: the name it ends in, and the MIME types browsers report for it. */
export interface FileKind {
  extension: RegExp;
  /** '' included: some systems report no type at all for a file they do not know. */
  types: ReadonlySet<string>;
}

/** What a picker accepts, and how its refusal names what it wanted ("a PDF file"). */
export interface FileRule {
  kinds: readonly FileKind[];
  what: string;
  maxBytes: number;
}

export const pdfKind: FileKind = {
  extension: /\.pdf$/i,
  types: new Set(['', 'application/pdf', 'application/x-pdf']),
};

const megabytes = (bytes: number): string => `${Math.round(bytes / (1024 * 1024))} MB`;

/** Why the browser refuses a file before asking the API, or undefined when it may go up. */
export function fileProblem(file: File, rule: FileRule): string | undefined {
  // The name and the type must agree on one kind: a .json that says it is a PDF is neither.
  const known = rule.kinds.some((kind) => kind.extension.test(file.name) && kind.types.has(file.type));
  if (!known) return `${file.name} is not ${rule.what}.`;
  if (file.size === 0) return `${file.name} is empty.`;
  // The contract's limit, which the presigned POST and the hook also hold to.
  if (file.size > rule.maxBytes) return `${file.name} is larger than ${megabytes(rule.maxBytes)}.`;
  return undefined;
}

const supportingDocument: FileRule = { kinds: [pdfKind], what: 'a PDF file', maxBytes: maxUploadBytes };

export const pdfProblem = (file: File): string | undefined => fileProblem(file, supportingDocument);

export interface PresignedPost {
  url: string;
  fields: Record<string, string>;
}

/** Sends the file with the presigned POST form the API signed for it. */
export async function postToStore(post: PresignedPost, file: File, signal: AbortSignal): Promise<void> {
  const form = new FormData();
  for (const [name, value] of Object.entries(post.fields)) form.append(name, value);
  // S3 reads the form fields before the file, so the file must come last.
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(post.url, { method: 'POST', body: form, signal });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new Error(`${file.name} could not be sent to the document store. Please try again.`);
  }
  if (!response.ok) throw new Error(`The document store refused ${file.name} (HTTP ${response.status}).`);
}

/** Asks for a presigned POST and sends the file; answers the upload, still Awaiting Upload. */
export async function sendPdf(api: ApiClient, file: File, signal: AbortSignal): Promise<Upload> {
  const ticket = await api.call(
    'createUpload',
    { body: { fileName: file.name, sizeBytes: file.size } },
    { signal },
  );
  await postToStore(ticket.post, file, signal);
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

/**
 * Reads the file's record until its hook has given a verdict, i.e. it is no longer Awaiting Upload.
 * The hook runs when S3 reports the object, so the first reads usually still find it waiting.
 */
export async function untilChecked<T extends { status: string }>(
  read: () => Promise<T>,
  nameOf: (item: T) => string,
  signal: AbortSignal,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 500; ; delay = Math.min(delay * 1.5, 3_000)) {
    const item = await read();
    if (item.status !== 'Awaiting Upload') return item;
    if (Date.now() > deadline)
      throw new Error(`${nameOf(item)} is taking too long to check. Please try again.`);
    await sleep(delay, signal);
  }
}

/** Polls until the upload hook has given its verdict (Verified or Rejected). */
export const checkedUpload = (
  api: ApiClient,
  uploadId: string,
  signal: AbortSignal,
  timeoutMs = 120_000,
): Promise<Upload> =>
  untilChecked(
    () => api.call('getUpload', { path: { uploadId } }, { signal }),
    (upload) => upload.fileName,
    signal,
    timeoutMs,
  );
