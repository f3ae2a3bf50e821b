import { escapeHtml } from '../../commons/html.js';
import type { Mail } from '../../commons/mail.js';
import { mailSend, type OutboxMessageOf } from '../../outbox/entities/outbox-item.js';
import { onlyVerifiedAreProcessed } from '../contracts.js';
import type { Transcript } from '../entities/transcript.js';

// The student's mail when a transcript's status changes (guide §5.2): which file, at which
// institution, its new status, ARO's note, and what it means for credit transfer.

const meaning: Partial<Record<Transcript['status'], string>> = {
  'Pending Review': 'ARO has received it and will review it.',
  Verified: 'It can be used for your credit transfer applications.',
  Unofficial: 'ARO does not accept it as an official transcript.',
  Rejected: 'ARO could not accept it. Please see the note and provide another copy.',
};

export function transcriptStatusMail(transcript: Transcript, to: string): Mail {
  const subject = `CTS: your official transcript from ${transcript.institutionName} is ${transcript.status}`;
  const lines = [
    `Your official transcript "${transcript.fileName}" (${transcript.institutionName}) is now ${transcript.status}.`,
    meaning[transcript.status] ?? '',
    transcript.statusNote ? `Note from ARO: ${transcript.statusNote}` : '',
    onlyVerifiedAreProcessed,
    'You can see it on the Study Record of this institution in CTS.',
  ].filter(Boolean);
  return {
    to: [to],
    subject,
    text: lines.join('\n\n'),
    html: lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n'),
  };
}

/** The mail of one status change: keyed by the transcript's version, so one change mails once. */
export const statusChangeMail = (transcript: Transcript, to: string): OutboxMessageOf<'mail.send'> =>
  mailSend(
    `transcript:${transcript.transcriptId}:v${transcript.version}`,
    transcriptStatusMail(transcript, to),
  );
