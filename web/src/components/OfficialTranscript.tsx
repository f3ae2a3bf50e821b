import { useEffect, useRef, useState } from 'preact/hooks';
import { type ApiError, asApiError } from '../api';
import { useApp } from '../context';
import { onlyVerifiedAreProcessed, type StudentTranscript } from '../contracts';
import { checkedTranscript, sendTranscript, transcriptProblem } from '../transcripts';
import { DropZone } from './DropZone';
import { StatusBadge } from './StatusBadge';

// "Official Transcript" on the Study Record (guide §5.2): the transcripts ARO has for this record,
// however they came (University Record, Presented at ARO, Uploaded by Student), each with the status
// ARO gave it, and a drop zone for the student's own. A file the hook does not accept is never
// listed: the student is told why and uploads another.

interface Attempt {
  key: string;
  fileName: string;
}

type Outcome =
  | { kind: 'added'; fileName: string }
  | { kind: 'refused'; fileName: string; reason: string; title: string };

let keys = 0;
const nextKey = (): string => `transcript-${++keys}`;

export function OfficialTranscript({
  recordId,
  transcripts,
}: {
  recordId: string;
  transcripts: readonly StudentTranscript[];
}) {
  const { api } = useApp();
  const [checking, setChecking] = useState<Attempt[]>([]);
  const [outcomes, setOutcomes] = useState<(Outcome & { key: string })[]>([]);
  // Inserted rather than re-reading the study record: a reload would replace the whole page.
  const [added, setAdded] = useState<StudentTranscript[]>([]);
  // One signal for the panel's life: leaving the page stops the sending and the polling.
  const lifetime = useRef(new AbortController());
  useEffect(() => {
    const controller = lifetime.current;
    return () => controller.abort();
  }, []);

  const listed = [
    ...added,
    ...transcripts.filter((t) => !added.some((a) => a.transcriptId === t.transcriptId)),
  ];

  async function add(file: File) {
    const key = nextKey();
    const settle = (outcome: Outcome) => {
      setChecking((list) => list.filter((a) => a.key !== key));
      setOutcomes((list) => [...list, { ...outcome, key }]);
    };
    const problem = transcriptProblem(file);
    if (problem) {
      settle({
        kind: 'refused',
        fileName: file.name,
        reason: problem,
        title: `${file.name} was not uploaded`,
      });
      return;
    }
    setChecking((list) => [...list, { key, fileName: file.name }]);
    const { signal } = lifetime.current;
    try {
      const sent = await sendTranscript(api, recordId, file, signal);
      const checked = await checkedTranscript(api, sent.transcriptId, signal);
      if (checked.status === 'Not Accepted') {
        settle({
          kind: 'refused',
          fileName: checked.title,
          reason: checked.notAcceptedReason ?? 'The file is not a PDF or a JSON credential.',
          title: `${checked.title} was not accepted`,
        });
        return;
      }
      setAdded((list) => [checked, ...list]);
      settle({ kind: 'added', fileName: checked.title });
    } catch (failure) {
      if (signal.aborted) return;
      settle({
        kind: 'refused',
        fileName: file.name,
        reason: asApiError(failure).message,
        title: `${file.name} was not uploaded`,
      });
    }
  }

  const addAll = (files: FileList | null | undefined) => {
    const list = Array.from(files ?? []);
    if (list.length === 0) return;
    // What was said about earlier files no longer helps once the student tries again.
    setOutcomes([]);
    for (const file of list) void add(file);
  };

  return (
    <section class="card" aria-labelledby="transcript-heading" data-testid="official-transcript">
      <h2 id="transcript-heading">Official Transcript</h2>
      <div class="uploader">
        <DropZone
          input={{
            id: 'transcript-file',
            accept: '.pdf,application/pdf,.json,application/json',
            'aria-labelledby': 'transcript-prompt',
            'aria-describedby': 'transcript-hint',
          }}
          onFiles={addAll}
        >
          <span class="dropzone__prompt" id="transcript-prompt">
            Click or drag file to upload
          </span>
          <span class="dropzone__hint" id="transcript-hint">
            PDF or JSON credential • Max 10MB
          </span>
        </DropZone>
        {/* Always there, so screen readers hear each line the moment it appears. */}
        <div role="status" aria-live="polite">
          {checking.map((a) => (
            <p key={a.key} class="loading">
              <span class="spinner" aria-hidden="true" />
              Checking {a.fileName}…
            </p>
          ))}
          {outcomes.map(
            (o) =>
              o.kind === 'added' && (
                <p key={o.key} class="alert alert--success">
                  {o.fileName} has been uploaded and is listed below for review by ARO.
                </p>
              ),
          )}
        </div>
        {outcomes.map(
          (o) =>
            o.kind === 'refused' && (
              <div key={o.key} class="alert alert--error" role="alert">
                <p class="alert__title">{o.title}</p>
                <p>{o.reason}</p>
              </div>
            ),
        )}
      </div>
      {listed.length === 0 ? (
        <p class="muted">No official transcript has been received for this study record yet.</p>
      ) : (
        <ul class="file-list" aria-label="Official transcripts">
          {listed.map((t) => (
            <TranscriptItem key={t.transcriptId} transcript={t} />
          ))}
        </ul>
      )}
      <p class="callout">{onlyVerifiedAreProcessed}</p>
    </section>
  );
}

function TranscriptItem({ transcript }: { transcript: StudentTranscript }) {
  const { api } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  async function download() {
    setBusy(true);
    setError(undefined);
    try {
      const { url } = await api.call('downloadMyTranscript', {
        path: { transcriptId: transcript.transcriptId },
      });
      // The link is an attachment and lives minutes: follow it now rather than show it.
      window.location.assign(url);
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li class="file" data-transcript-id={transcript.transcriptId}>
      <span class="file__name">{transcript.title}</span>
      <span class="tag">{transcript.source}</span>
      <StatusBadge status={transcript.status} />
      {transcript.statusNote && (
        <span class="reviewer-note">
          <span class="reviewer-note__label">ARO's Note:</span> {transcript.statusNote}
        </span>
      )}
      <button
        type="button"
        class="link-button"
        disabled={busy}
        aria-label={`Download ${transcript.title}`}
        onClick={download}
      >
        Download
      </button>
      {error && (
        <span class="field-error" role="alert">
          {error.message}
        </span>
      )}
    </li>
  );
}
