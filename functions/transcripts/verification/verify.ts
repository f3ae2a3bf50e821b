import { createHash } from 'node:crypto';
import { recommend, type TrustList, type VerificationCheck, type VerificationReport } from './report.js';

// Which verifier a transcript file goes to, by what its bytes are (never by its name alone), and
// which files are not accepted at all: nothing that is neither a PDF nor a JSON credential is
// attached, and the student is told why.

export type FileVerdict =
  | { accepted: false; reason: string }
  | { accepted: true; report: VerificationReport };

const startsWith = (bytes: Uint8Array, text: string) =>
  bytes.length >= text.length && [...text].every((c, i) => bytes[i] === c.charCodeAt(0));

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** JSON shaped like a verifiable credential of some kind: W3C VC, OpenAttestation / OpenCerts. */
function looksLikeCredential(json: unknown): boolean {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return false;
  const doc = json as Record<string, unknown>;
  const context = JSON.stringify(doc['@context'] ?? '');
  const openAttestation =
    typeof doc.signature === 'object' && doc.signature !== null && 'merkleRoot' in doc.signature;
  return context.includes('credentials') || openAttestation || 'proof' in doc;
}

function otherCredentialReport(sha256: string, now: Date): VerificationReport {
  const checks: VerificationCheck[] = [
    {
      check: 'credential-format',
      outcome: 'undetermined',
      detail:
        'A credential file, but not a Blockcerts certificate: CTS cannot verify this kind offline (OpenCerts and other verifiable credentials are checked by ARO with their issuer).',
    },
  ];
  return {
    format: 'other-credential',
    recommendation: recommend(checks),
    summary: 'A credential of a kind CTS cannot verify; ARO will check it with its issuer.',
    checks,
    sha256,
    checkedAt: now.toISOString(),
  };
}

/** Starts loading the verifier `verifyTranscriptFile` will use for a file of this kind. */
export function prepareVerifier(kind: 'pdf' | 'json'): void {
  // A failed load is reported by the verification itself, which imports the same module.
  void (kind === 'pdf' ? import('./signed-pdf.js') : import('./blockcerts.js')).catch(() => undefined);
}

export async function verifyTranscriptFile(
  bytes: Uint8Array,
  declaredKind: 'pdf' | 'json',
  trust: TrustList,
  now: Date,
): Promise<FileVerdict> {
  if (bytes.length === 0) return { accepted: false, reason: 'The file is empty.' };
  if (startsWith(bytes, '%PDF-')) {
    if (declaredKind !== 'pdf') return { accepted: false, reason: 'The file is a PDF but was named .json.' };
    // The PDF verifier (pkijs, asn1js: the CMS, certificates and CRLs) is loaded only for PDF files,
    // so a cold start for a credential or a refused file never reads or compiles it.
    const { verifyPdfTranscript } = await import('./signed-pdf.js');
    return { accepted: true, report: await verifyPdfTranscript(bytes, trust, now) };
  }
  if (declaredKind === 'pdf') {
    return { accepted: false, reason: 'The file is not a PDF: it does not start with a PDF header.' };
  }
  let json: unknown;
  try {
    json = JSON.parse(strictUtf8.decode(bytes));
  } catch {
    return { accepted: false, reason: 'The file is neither a PDF nor valid JSON (UTF-8).' };
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  // The credential verifier (JSON-LD canonicalisation) is loaded only for credential files.
  const blockcerts = await import('./blockcerts.js');
  if (blockcerts.isBlockcertsCredential(json)) {
    return { accepted: true, report: await blockcerts.verifyBlockcertsTranscript(json, sha256, trust, now) };
  }
  if (looksLikeCredential(json)) return { accepted: true, report: otherCredentialReport(sha256, now) };
  return {
    accepted: false,
    reason: 'The JSON file is not a credential: upload the transcript file your institution issued.',
  };
}
