import type { ApiClient } from './api';
import { maxTranscriptBytes, type StudentTranscript, transcriptFileKinds } from './contracts';
import { type FileRule, fileProblem, pdfKind, postToStore, untilChecked } from './uploads';

// Official transcripts (guide §5.2) take the supporting documents' road: a presigned POST straight
// to S3, then the verification hook reads the file. Its verdict is only whether the file is a PDF or
// a credential at all (Pending Review, or Not Accepted with the reason); Verified is ARO's to give.

const transcriptFiles: FileRule = {
  kinds: [pdfKind, { extension: /\.json$/i, types: new Set(['', transcriptFileKinds.json]) }],
  what: 'a PDF or a JSON credential file',
  maxBytes: maxTranscriptBytes,
};

export const transcriptProblem = (file: File): string | undefined => fileProblem(file, transcriptFiles);

/** Asks for a presigned POST for the record and sends the file; answers it, still Awaiting Upload. */
export async function sendTranscript(
  api: ApiClient,
  recordId: string,
  file: File,
  signal: AbortSignal,
): Promise<StudentTranscript> {
  const ticket = await api.call(
    'createTranscriptUpload',
    { path: { recordId }, body: { fileName: file.name, sizeBytes: file.size } },
    { signal },
  );
  await postToStore(ticket.post, file, signal);
  return ticket.transcript;
}

/** Polls until the verification hook has read the file (Pending Review or Not Accepted). */
export const checkedTranscript = (
  api: ApiClient,
  transcriptId: string,
  signal: AbortSignal,
): Promise<StudentTranscript> =>
  untilChecked(
    () => api.call('getMyTranscript', { path: { transcriptId } }, { signal }),
    (transcript) => transcript.title,
    signal,
  );
