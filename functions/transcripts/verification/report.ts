// What the transcript verification hook finds out about a file (guide §5.2), in terms ARO reads:
// the format, each check with its outcome and a sentence, and the status the checks recommend.
// Pure types and rules; the verifiers (signed-pdf.ts, blockcerts.ts) fill them, the hook stores them.
//
// The rule of recommendation: only a file whose every check is `valid` recommends Verified; a check
// that proves tampering or a broken signature (`invalid`) recommends Rejected; anything else (a check
// that could not be made offline, an unknown issuer, an unsigned file) recommends Pending Review.
// ARO always decides: the hook never sets Verified itself.

/** valid: proven; invalid: disproven (tampered, broken); undetermined: could not be decided here. */
export type CheckOutcome = 'valid' | 'invalid' | 'undetermined';

export interface VerificationCheck {
  /** A stable name, e.g. `byte-range`, `cms-signature`, `trust-chain`, `merkle-proof`. */
  check: string;
  outcome: CheckOutcome;
  /** One sentence for ARO: what was checked and what was found. */
  detail: string;
}

/** `other-credential`: a credential file of a kind CTS cannot verify (OpenCerts, another VC). */
export type TranscriptFormat =
  | 'signed-pdf'
  | 'unsigned-pdf'
  | 'blockcerts-v3'
  | 'blockcerts-v2'
  | 'other-credential';

export type Recommendation = 'Verified' | 'Pending Review' | 'Rejected';

/** One signature of a signed PDF, as far as it could be read. */
export interface SignatureSummary {
  /** The signer certificate's subject (CN, O), when the CMS could be read. */
  signer?: string;
  /** The signer certificate's issuer. */
  issuer?: string;
  /** From the embedded RFC 3161 timestamp when there is one, else the signed signing-time. */
  signedAt?: string;
  signedAtSource?: 'timestamp' | 'signing-time (self-asserted)';
  /** Which trust anchor of the institution the chain ended at. */
  trustAnchorId?: string;
  /** The signed revision ends at this byte; later bytes are another revision. */
  coversBytes?: number;
}

export interface VerificationReport {
  format: TranscriptFormat;
  recommendation: Recommendation;
  /** One sentence for ARO and (in plainer words on the page) the student. */
  summary: string;
  checks: VerificationCheck[];
  /** Signed PDFs: one entry per signature, in file order. */
  signatures?: SignatureSummary[];
  /** Blockcerts: who the credential names as issuer, and when it says it was issued. */
  credential?: { issuer?: string; issuedOn?: string; name?: string };
  /** SHA-256 (hex) of the exact bytes verified. */
  sha256: string;
  checkedAt: string;
}

/**
 * What an institution is trusted to sign with (ARO's trust list): for signed PDFs, certificates
 * (roots or intermediates, DER as base64) a signer's chain must end at; for Blockcerts, issuer keys.
 * Each has its own validity window: a signature made outside it is not trusted.
 */
export interface TrustedCertificate {
  anchorId: string;
  label: string;
  /** The certificate, DER encoded, base64. */
  certificateDer: string;
  validFrom: string;
  validTo: string;
}

export interface TrustedIssuerKey {
  keyId: string;
  label: string;
  /** The issuer profile the credential names (`issuer` / `issuer.id`), e.g. a URL or DID. */
  issuerId: string;
  /** The verification method id the proof names, e.g. `https://issuer.example/profile#key-1`. */
  verificationMethod: string;
  /** Ed25519 public key, raw 32 bytes as base64 (for a chained eddsa signature), when known. */
  publicKeyEd25519?: string;
  validFrom: string;
  validTo: string;
}

export interface TrustList {
  institutionId: string;
  certificates: TrustedCertificate[];
  issuerKeys: TrustedIssuerKey[];
}

/** The one rule of recommendation (see the top of this file). */
export function recommend(checks: readonly VerificationCheck[]): Recommendation {
  if (checks.some((c) => c.outcome === 'invalid')) return 'Rejected';
  if (checks.length > 0 && checks.every((c) => c.outcome === 'valid')) return 'Verified';
  return 'Pending Review';
}
