// The offline verifier for Blockcerts transcripts (guide §5.2): v3 (a W3C VC 1.1 with a
// MerkleProof2019 proof, optionally an Ed25519 signature: a chained eddsa-rdfc-2022 data integrity
// proof or an Ed25519Signature2020) and v2 (an Open Badges 2.0 assertion with a MerkleProof2017 /
// Chainpoint signature).
//
// What can be decided here, without network: that the credential is the one its Merkle proof was
// made for (URDNA2015 / RDFC-1.0 canonicalisation + SHA-256 = targetHash, path -> merkleRoot), that
// an Ed25519 signature is by a key ARO pinned for the issuer, and whether it has expired. What
// cannot: the anchoring transaction and the revocation list. A Merkle proof binds a credential to a
// batch, not to an issuer (a forger can recompute the whole tree), so without a pinned-key signature
// the issuer check stays undetermined: offline, a genuine credential recommends Pending Review.
//
// Canonicalisation runs in jsonld's safe mode over a closed set of bundled contexts: a term no
// context defines would otherwise be dropped from the hashed RDF, leaving it unsigned and freely
// editable, so such a credential is refused rather than hashed.

import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import jsonld from 'jsonld';
import { BUNDLED_CONTEXTS } from './contexts/index.js';
import {
  type CheckOutcome,
  type Recommendation,
  recommend,
  type TranscriptFormat,
  type TrustedIssuerKey,
  type TrustList,
  type VerificationCheck,
  type VerificationReport,
} from './report.js';

// Bounds on the work one upload may cause. A transcript of a few hundred courses is far below them;
// past them a file is refused rather than canonicalised (URDNA2015 cost grows with the graph).
const MAX_DEPTH = 24;
const MAX_VALUES = 20_000;
const MAX_STRING_CHARS = 2_000_000;
const MAX_PROOFS = 8;
const MAX_PROOF_VALUE_CHARS = 8_192;
const MAX_MERKLE_PATH = 64;
const MAX_ANCHORS = 8;
const CANONICALISE_TIMEOUT_MS = 10_000;
// Clocks differ: a credential "issued" a few minutes in the future is not yet a forgery.
const CLOCK_SKEW_MS = 5 * 60_000;

const CHECK = {
  format: 'credential-format',
  merkle: 'merkle-proof',
  issuerKey: 'issuer-key',
  anchor: 'anchor',
  revocation: 'revocation',
  expiry: 'expiry',
} as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: Json | undefined): Json[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const hasType = (node: Json | undefined, type: string): boolean =>
  isObject(node) && asArray(node.type).some((t) => t === type);
const str = (v: Json | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const check = (name: string, outcome: CheckOutcome, detail: string): VerificationCheck => ({
  check: name,
  outcome,
  detail,
});

// ---------------------------------------------------------------------------------------------
// Shape

function proofsOf(json: JsonObject): Json[] {
  return asArray(json.proof);
}

/** Cheap test on the top level only: is this a Blockcerts credential of a version CTS reads? */
export function isBlockcertsCredential(json: unknown): boolean {
  try {
    if (!isObject(json)) return false;
    if (json['@context'] === undefined) return false;
    if (proofsOf(json).some((p) => hasType(p, 'MerkleProof2019'))) return true;
    const signature = json.signature;
    return (
      isObject(signature) &&
      asArray(signature.type).some(
        (t) => typeof t === 'string' && (t === 'MerkleProof2017' || t.startsWith('Chainpoint')),
      )
    );
  } catch {
    return false;
  }
}

/** Walks the whole input once: size and depth limits, and every `@context` value it names. */
function survey(input: unknown): { problem?: string; contexts: Set<string>; inlineContexts: number } {
  const contexts = new Set<string>();
  let inlineContexts = 0;
  let values = 0;
  let chars = 0;
  const walk = (v: unknown, depth: number): string | undefined => {
    if (depth > MAX_DEPTH) return `it is nested deeper than ${MAX_DEPTH} levels`;
    if (++values > MAX_VALUES) return `it has more than ${MAX_VALUES} values`;
    if (typeof v === 'string') {
      chars += v.length;
      return chars > MAX_STRING_CHARS ? `its text exceeds ${MAX_STRING_CHARS} characters` : undefined;
    }
    if (typeof v === 'number') return Number.isFinite(v) ? undefined : 'it holds a number JSON cannot';
    if (v === null || typeof v === 'boolean') return undefined;
    if (Array.isArray(v)) {
      for (const item of v) {
        const p = walk(item, depth + 1);
        if (p) return p;
      }
      return undefined;
    }
    if (typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) {
      return 'it holds a value JSON cannot';
    }
    for (const [key, item] of Object.entries(v)) {
      chars += key.length;
      if (key === '@context') {
        for (const c of Array.isArray(item) ? item : [item]) {
          if (typeof c === 'string') contexts.add(c);
          else inlineContexts++;
        }
      }
      const p = walk(item, depth + 1);
      if (p) return p;
    }
    return undefined;
  };
  const problem = walk(input, 0);
  return problem ? { problem, contexts, inlineContexts } : { contexts, inlineContexts };
}

// ---------------------------------------------------------------------------------------------
// Dates

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** An ISO 8601 date or date-time; one without a zone is read as UTC, not as the host's time. */
function parseDate(value: Json | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = ISO_DATE.exec(value);
  if (!m) return undefined;
  const zoned = value.includes('T') && m[1] === undefined ? `${value}Z` : value;
  const t = Date.parse(zoned);
  return Number.isNaN(t) ? undefined : t;
}

// ---------------------------------------------------------------------------------------------
// Codecs: base58btc (multibase `z`) and the small part of CBOR a MerkleProof2019 proofValue uses

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BASE58_INDEX = new Map([...BASE58].map((c, i) => [c, i]));

function base58Decode(text: string): Uint8Array | undefined {
  if (text.length === 0 || text.length > MAX_PROOF_VALUE_CHARS) return undefined;
  const le: number[] = [];
  for (const ch of text) {
    let carry = BASE58_INDEX.get(ch);
    if (carry === undefined) return undefined;
    for (let i = 0; i < le.length; i++) {
      carry += (le[i] ?? 0) * 58;
      le[i] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      le.push(carry & 0xff);
      carry >>= 8;
    }
  }
  let zeros = 0;
  while (text[zeros] === '1') zeros++;
  const out = new Uint8Array(zeros + le.length);
  for (let i = 0; i < le.length; i++) out[out.length - 1 - i] = le[i] ?? 0;
  return out;
}

function multibaseBase58(value: Json | undefined): Uint8Array | undefined {
  return typeof value === 'string' && value.startsWith('z') ? base58Decode(value.slice(1)) : undefined;
}

type Cbor = number | string | Uint8Array | Cbor[];

/** Definite-length unsigned/negative integers, byte and text strings and arrays; nothing else. */
function cborDecode(bytes: Uint8Array): Cbor {
  let pos = 0;
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const byte = (): number => {
    const b = bytes[pos++];
    if (b === undefined) throw new Error('truncated');
    return b;
  };
  const argument = (info: number): number => {
    if (info < 24) return info;
    const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
    if (size === 0) throw new Error('unsupported length');
    let n = 0;
    for (let i = 0; i < size; i++) n = n * 256 + byte();
    if (!Number.isSafeInteger(n)) throw new Error('integer too large');
    return n;
  };
  const item = (depth: number): Cbor => {
    if (depth > 8) throw new Error('nested too deep');
    const head = byte();
    const major = head >> 5;
    const n = argument(head & 0x1f);
    switch (major) {
      case 0:
        return n;
      case 1:
        return -1 - n;
      case 2:
      case 3: {
        if (n > bytes.length - pos) throw new Error('truncated');
        const slice = bytes.subarray(pos, pos + n);
        pos += n;
        return major === 2 ? slice : utf8.decode(slice);
      }
      case 4: {
        if (n > bytes.length - pos) throw new Error('truncated');
        const items: Cbor[] = [];
        for (let i = 0; i < n; i++) items.push(item(depth + 1));
        return items;
      }
      default:
        throw new Error(`unsupported CBOR major type ${major}`);
    }
  };
  const value = item(0);
  if (pos !== bytes.length) throw new Error('trailing bytes');
  return value;
}

const HEX = /^[0-9a-f]*$/;
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/**
 * A value the encoders wrap twice: a byte string holding the CBOR of the value. The JavaScript
 * encoder puts the raw bytes inside, the Python one the hex text; both mean the same hex.
 */
function wrappedHex(v: Cbor | undefined): string {
  if (!(v instanceof Uint8Array)) throw new Error('expected a byte string');
  const inner = cborDecode(v);
  const hex =
    inner instanceof Uint8Array ? toHex(inner) : typeof inner === 'string' ? inner.toLowerCase() : '';
  if (hex === '' || !HEX.test(hex)) throw new Error('expected a hex value');
  return hex;
}

function pairs(v: Cbor | undefined, what: string): Array<[number, Cbor]> {
  if (!Array.isArray(v)) throw new Error(`${what} is not a list`);
  return v.map((p) => {
    if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'number' || p[1] === undefined) {
      throw new Error(`${what} holds a malformed entry`);
    }
    return [p[0], p[1]];
  });
}

// The chain and network codes of @blockcerts/lds-merkle-proof-2019's Keymap.
const CHAINS: Record<number, { code: string; name: string; networks: Record<number, string> }> = {
  0: { code: 'btc', name: 'Bitcoin', networks: { 1: 'mainnet', 3: 'testnet' } },
  1: {
    code: 'eth',
    name: 'Ethereum',
    networks: { 1: 'mainnet', 3: 'ropsten', 4: 'rinkeby', 5: 'goerli', 11155111: 'sepolia' },
  },
  2: { code: 'mtc', name: 'Polygon', networks: { 137: 'mainnet', 80001: 'mumbai' } },
  3: { code: 'base', name: 'Base', networks: { 8453: 'mainnet', 84532: 'sepolia' } },
  [-1]: { code: 'mocknet', name: 'mock network', networks: { [-1]: 'mocknet' } },
};

export interface Anchor {
  /** As Blockcerts writes it: `blink:btc:testnet:<txid>`. */
  blink: string;
  /** For ARO: `Bitcoin testnet transaction <txid>`. */
  description: string;
  mock: boolean;
}

export interface MerkleReceipt {
  targetHash: string;
  merkleRoot: string;
  path: Array<{ left?: string; right?: string }>;
  anchors: Anchor[];
}

function describeAnchor(chainCode: number, networkCode: number, txid: string): Anchor {
  const chain = CHAINS[chainCode];
  const network = chain?.networks[networkCode];
  const code = chain?.code ?? `chain-${chainCode}`;
  const net = network ?? `network-${networkCode}`;
  const mock = chainCode === -1;
  const testnet = network !== undefined && network !== 'mainnet';
  return {
    blink: `blink:${code}:${net}:${txid}`,
    description: mock
      ? `a mock network (never anchored on a blockchain), transaction ${txid}`
      : `${chain?.name ?? `unknown chain ${chainCode}`} ${net}${testnet ? ' (a test network)' : ''} transaction ${txid}`,
    mock,
  };
}

/** The LD Merkle proof inside a MerkleProof2019 proofValue: base58btc of CBOR `[[key, value], …]`. */
export function decodeMerkleProof2019(proofValue: Json | undefined): MerkleReceipt {
  const bytes = multibaseBase58(proofValue);
  if (!bytes) throw new Error('the proof value is not base58btc multibase');
  const root = cborDecode(bytes);
  const receipt: Partial<MerkleReceipt> = { path: [], anchors: [] };
  const seen = new Set<number>();
  for (const [key, value] of pairs(root, 'the proof')) {
    if (seen.has(key)) throw new Error('the proof repeats a field');
    seen.add(key);
    if (key === 0) receipt.merkleRoot = wrappedHex(value);
    else if (key === 1) receipt.targetHash = wrappedHex(value);
    else if (key === 2) {
      if (!Array.isArray(value) || value.length > MAX_ANCHORS) throw new Error('too many anchors');
      receipt.anchors = value.map((anchor) => {
        const fields = new Map(pairs(anchor, 'an anchor'));
        const chain = fields.get(0);
        const network = fields.get(1);
        if (typeof chain !== 'number' || typeof network !== 'number') throw new Error('malformed anchor');
        return describeAnchor(chain, network, wrappedHex(fields.get(2)));
      });
    } else if (key === 3) {
      const steps = pairs(value, 'the path');
      if (steps.length > MAX_MERKLE_PATH) throw new Error('the Merkle path is too long');
      receipt.path = steps.map(([side, hash]) => {
        if (side !== 0 && side !== 1) throw new Error('malformed path step');
        return side === 0 ? { left: wrappedHex(hash) } : { right: wrappedHex(hash) };
      });
    } else throw new Error(`unknown proof field ${key}`);
  }
  const { merkleRoot, targetHash, path, anchors } = receipt;
  if (!merkleRoot || !targetHash || !path || !anchors) throw new Error('the proof lacks its root or target');
  return { merkleRoot, targetHash, path, anchors };
}

/** MerkleProof2017 (Blockcerts v2): the Chainpoint receipt is plain JSON in `signature`. */
function readMerkleProof2017(signature: JsonObject): MerkleReceipt {
  const hex = (v: Json | undefined): string => {
    if (typeof v !== 'string' || v === '' || !HEX.test(v.toLowerCase()))
      throw new Error('expected a hex value');
    return v.toLowerCase();
  };
  const path = asArray(signature.proof);
  if (path.length > MAX_MERKLE_PATH) throw new Error('the Merkle path is too long');
  const anchors = asArray(signature.anchors);
  if (anchors.length > MAX_ANCHORS) throw new Error('too many anchors');
  return {
    targetHash: hex(signature.targetHash),
    merkleRoot: hex(signature.merkleRoot),
    path: path.map((step) => {
      if (!isObject(step)) throw new Error('malformed path step');
      if (step.left !== undefined && step.right === undefined) return { left: hex(step.left) };
      if (step.right !== undefined && step.left === undefined) return { right: hex(step.right) };
      throw new Error('malformed path step');
    }),
    anchors: anchors.map((a) => {
      if (!isObject(a)) throw new Error('malformed anchor');
      const txid = hex(a.sourceId);
      const chain = str(a.chain) ?? 'bitcoinMainnet';
      const mock = chain === 'mockchain';
      const testnet = /testnet|ropsten|rinkeby|goerli|sepolia/i.test(chain);
      return {
        blink: `${chain}:${txid}`,
        description: mock
          ? `a mock chain (never anchored on a blockchain), transaction ${txid}`
          : `${chain}${testnet ? ' (a test network)' : ''} transaction ${txid}`,
        mock,
      };
    }),
  };
}

const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest();

function merkleRootOf(targetHash: string, path: MerkleReceipt['path']): string {
  let current: Buffer = Buffer.from(targetHash, 'hex');
  for (const step of path) {
    current =
      step.left !== undefined
        ? sha256(Buffer.concat([Buffer.from(step.left, 'hex'), current]))
        : sha256(Buffer.concat([current, Buffer.from(step.right ?? '', 'hex')]));
  }
  return current.toString('hex');
}

// ---------------------------------------------------------------------------------------------
// Canonicalisation (closed document loader, safe mode)

interface RemoteDocument {
  contextUrl?: string;
  documentUrl: string;
  document: unknown;
}

class UnknownContextError extends Error {}

// Never the network: the loader answers only from the bundle. The survey already refused any
// credential naming another context; this is the second lock.
async function closedDocumentLoader(url: string): Promise<RemoteDocument> {
  const document = BUNDLED_CONTEXTS.get(url);
  if (!document) throw new UnknownContextError(`context ${url} is not bundled with CTS`);
  return { documentUrl: url, document: structuredClone(document) };
}

type Canonize = (
  input: object,
  options: {
    algorithm: 'RDFC-1.0';
    format: 'application/n-quads';
    safe: true;
    base: null;
    documentLoader: (url: string) => Promise<RemoteDocument>;
    canonizeOptions: { signal: AbortSignal };
  },
) => Promise<string>;

const canonizeJsonLd = jsonld.canonize as unknown as Canonize;

type Canonical = { ok: true; nquads: string } | { ok: false; unsafe: boolean; reason: string };

/** Why safe mode refused, in words: jsonld reports the first term or value it would have dropped. */
function describeCanonicalisationError(error: unknown): Canonical {
  const e = error as { name?: string; message?: string; details?: { event?: JsonObject; cause?: unknown } };
  const event = e?.details?.event;
  if (e?.name === 'jsonld.ValidationError' && isObject(event)) {
    const details = isObject(event.details) ? event.details : {};
    const term = str(details.property) ?? str(details.type) ?? str(details.id) ?? str(details.reference);
    const code = str(event.code) ?? 'unsafe data';
    const what =
      code === 'invalid property' && term
        ? `the term "${term}", which no bundled context defines`
        : `${code}${term ? ` ("${term}")` : ''}`;
    return { ok: false, unsafe: true, reason: what };
  }
  // jsonld wraps a loader failure in its own error and keeps ours as details.cause.
  const cause = e?.details?.cause;
  if (cause instanceof UnknownContextError) return { ok: false, unsafe: false, reason: cause.message };
  const message = e?.message ?? String(error);
  return { ok: false, unsafe: false, reason: `canonicalisation failed (${message.slice(0, 200)})` };
}

async function canonicalise(input: object): Promise<Canonical> {
  try {
    const nquads = await canonizeJsonLd(input, {
      algorithm: 'RDFC-1.0',
      format: 'application/n-quads',
      safe: true,
      base: null,
      documentLoader: closedDocumentLoader,
      canonizeOptions: { signal: AbortSignal.timeout(CANONICALISE_TIMEOUT_MS) },
    });
    return { ok: true, nquads };
  } catch (error) {
    return describeCanonicalisationError(error);
  }
}

// ---------------------------------------------------------------------------------------------
// Proof sets and chains (VC Data Integrity 1.0 §4): a proof with `previousProof` signs the document
// together with the proofs it names; one without signs the document without any proof.

function securedInput(credential: JsonObject, proof: JsonObject, all: JsonObject[]): JsonObject | string {
  const { proof: _omitted, ...unsecured } = credential;
  const previous = asArray(proof.previousProof);
  if (previous.length === 0) return unsecured;
  const chained: JsonObject[] = [];
  for (const id of previous) {
    const match = all.find((p) => p !== proof && typeof id === 'string' && p.id === id);
    if (!match) return `its previousProof ${JSON.stringify(id)} names no proof of this credential`;
    chained.push(match);
  }
  return { ...unsecured, proof: chained.length === 1 ? (chained[0] as JsonObject) : chained };
}

// ---------------------------------------------------------------------------------------------
// Trust

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function ed25519Verify(publicKeyBase64: string, message: Buffer, signature: Uint8Array): boolean {
  const raw = Buffer.from(publicKeyBase64, 'base64');
  if (raw.length !== 32 || signature.length !== 64) return false;
  const key = createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, raw]),
    format: 'der',
    type: 'spki',
  });
  return verifySignature(null, message, key, signature);
}

const inWindow = (key: TrustedIssuerKey, at: number): boolean => {
  const from = Date.parse(key.validFrom);
  const to = Date.parse(key.validTo);
  return !Number.isNaN(from) && !Number.isNaN(to) && from <= at && at <= to;
};
const windowText = (key: TrustedIssuerKey): string => `from ${key.validFrom} to ${key.validTo}`;

function isSignatureProof(p: JsonObject): boolean {
  return (
    (hasType(p, 'DataIntegrityProof') && p.cryptosuite === 'eddsa-rdfc-2022') ||
    hasType(p, 'Ed25519Signature2020')
  );
}

interface SignatureVerdict {
  outcome: CheckOutcome;
  detail: string;
}

async function verifyChainedSignature(
  credential: JsonObject,
  proof: JsonObject,
  all: JsonObject[],
  keys: TrustedIssuerKey[],
  issuer: string,
  issuedAt: number,
  canonicalOf: (input: object) => Promise<Canonical>,
): Promise<SignatureVerdict> {
  const vm = str(proof.verificationMethod);
  const suite = hasType(proof, 'Ed25519Signature2020') ? 'Ed25519Signature2020' : 'eddsa-rdfc-2022';
  if (!vm) return { outcome: 'invalid', detail: `The ${suite} signature names no verification method.` };
  const key = keys.find((k) => k.verificationMethod === vm);
  if (!key) {
    return {
      outcome: 'undetermined',
      detail: `The credential is signed (${suite}) by ${vm}, which is not on the trust list for ${issuer}: the signature ties it to that key only, not to the issuer.`,
    };
  }
  if (!key.publicKeyEd25519) {
    return {
      outcome: 'undetermined',
      detail: `The credential is signed by ${key.label} (${vm}), but the trust list pins no Ed25519 public key for it, so the signature cannot be checked.`,
    };
  }
  const signature = multibaseBase58(proof.proofValue);
  if (signature?.length !== 64) {
    return {
      outcome: 'invalid',
      detail: `The signature by ${key.label} is malformed (not a base58btc Ed25519 value).`,
    };
  }
  const document = securedInput(credential, proof, all);
  if (typeof document === 'string') {
    return { outcome: 'invalid', detail: `The signature by ${key.label} is broken: ${document}.` };
  }
  const { proofValue: _value, ...options } = proof;
  const [config, data] = await Promise.all([
    canonicalOf({ ...options, '@context': credential['@context'] ?? null }),
    canonicalOf(document),
  ]);
  if (!config.ok || !data.ok) {
    const reason = !config.ok ? config.reason : !data.ok ? data.reason : '';
    return {
      outcome: 'undetermined',
      detail: `The signature by ${key.label} could not be checked: ${reason}.`,
    };
  }
  const message = Buffer.concat([sha256(config.nquads), sha256(data.nquads)]);
  let good = false;
  try {
    good = ed25519Verify(key.publicKeyEd25519, message, signature);
  } catch {
    good = false;
  }
  if (!good) {
    return {
      outcome: 'invalid',
      detail: `The ${suite} signature by ${key.label} (${vm}) does not match this credential: it was changed after signing, or the signature was made over other content.`,
    };
  }
  if (!inWindow(key, issuedAt)) {
    return {
      outcome: 'invalid',
      detail: `The credential is signed by ${key.label}, but the trust list allows that key only ${windowText(key)}, and the credential says it was issued on ${new Date(issuedAt).toISOString()}.`,
    };
  }
  if (proof.proofPurpose !== 'assertionMethod') {
    return {
      outcome: 'undetermined',
      detail: `The signature by ${key.label} verifies, but its purpose is ${JSON.stringify(proof.proofPurpose ?? null)}, not assertionMethod: it does not assert the credential.`,
    };
  }
  return {
    outcome: 'valid',
    detail: `The credential is signed (${suite}) by ${key.label} (${vm}), a key on the trust list for ${issuer}, and the signature matches.`,
  };
}

function merkleOnlyIssuerCheck(
  keys: TrustedIssuerKey[],
  issuer: string,
  issuedAt: number,
  verificationMethod: string | undefined,
  trust: TrustList,
): VerificationCheck {
  if (keys.length === 0) {
    return check(
      CHECK.issuerKey,
      'undetermined',
      `The issuer ${issuer} is not on the trust list of ${trust.institutionId}: nothing checked offline ties the credential to a known issuer.`,
    );
  }
  const named = verificationMethod
    ? keys.find((k) => k.verificationMethod === verificationMethod)
    : undefined;
  if (verificationMethod && !named) {
    return check(
      CHECK.issuerKey,
      'undetermined',
      `The issuer ${issuer} is on the trust list, but the proof names the key ${verificationMethod}, which is not; only the anchoring transaction could tie the credential to the issuer, and that is not checked offline.`,
    );
  }
  const listed = named ? [named] : keys;
  const current = listed.find((k) => inWindow(k, issuedAt));
  if (!current) {
    return check(
      CHECK.issuerKey,
      'undetermined',
      `The issuer ${issuer} is on the trust list, but no key of it is trusted for a credential issued on ${new Date(issuedAt).toISOString()} (${listed.map(windowText).join('; ')}).`,
    );
  }
  return check(
    CHECK.issuerKey,
    'undetermined',
    `The issuer is on the trust list (${current.label}), but only the anchoring transaction ties this credential to it, and that is not checked offline.`,
  );
}

// ---------------------------------------------------------------------------------------------
// The report

interface Facts {
  format: TranscriptFormat;
  issuer?: string;
  issuedOn?: string;
  name?: string;
}

// The first failure ARO needs to know about, in the order a forgery would be caught.
const REJECTION: ReadonlyArray<readonly [string, string]> = [
  [CHECK.format, 'The file is not a well-formed Blockcerts credential, or holds data that no proof covers.'],
  [
    CHECK.merkle,
    'The credential was changed after it was issued: its content no longer matches its Merkle proof.',
  ],
  [
    CHECK.issuerKey,
    "The credential's issuer signature does not hold: it was changed after signing, or signed with a key not allowed for it.",
  ],
  [CHECK.expiry, 'The credential is intact but is no longer (or not yet) valid.'],
];

function summarise(recommendation: Recommendation, checks: VerificationCheck[]): string {
  const by = (name: string) => checks.find((c) => c.check === name);
  if (recommendation === 'Rejected') {
    const first = REJECTION.find(([name]) => by(name)?.outcome === 'invalid');
    return first?.[1] ?? 'The credential fails a check that proves it is not genuine.';
  }
  if (recommendation === 'Verified') return 'Every check passed offline.';
  if (by(CHECK.format)?.outcome !== 'valid' || by(CHECK.merkle)?.outcome !== 'valid') {
    return 'The credential could not be verified offline (CTS cannot read all of it); ARO checks it with its issuer.';
  }
  if (by(CHECK.issuerKey)?.outcome === 'valid') {
    return 'The credential is intact and signed by a trusted issuer key; its blockchain anchor and revocation status are not checked offline, so ARO confirms it.';
  }
  return 'The credential is intact (its Merkle proof matches), but nothing checked offline ties it to its issuer; ARO confirms it with the issuer.';
}

function report(facts: Facts, checks: VerificationCheck[], sha256Hex: string, now: Date): VerificationReport {
  const recommendation = recommend(checks);
  const credential: NonNullable<VerificationReport['credential']> = {};
  if (facts.issuer !== undefined) credential.issuer = facts.issuer;
  if (facts.issuedOn !== undefined) credential.issuedOn = facts.issuedOn;
  if (facts.name !== undefined) credential.name = facts.name;
  return {
    format: facts.format,
    recommendation,
    summary: summarise(recommendation, checks),
    checks,
    credential,
    sha256: sha256Hex,
    checkedAt: now.toISOString(),
  };
}

/** The other checks when the credential could not be read far enough to make them. */
function notChecked(reason: string): VerificationCheck[] {
  const detail = `Not checked: ${reason}.`;
  return [CHECK.merkle, CHECK.issuerKey, CHECK.anchor, CHECK.revocation, CHECK.expiry].map((name) =>
    check(name, 'undetermined', detail),
  );
}

/** `expires`: every expiry date the credential states (the earliest counts). */
function expiryCheck(expires: Json[], notBefore: number | undefined, now: Date): VerificationCheck {
  const at = now.getTime();
  if (notBefore !== undefined && notBefore > at + CLOCK_SKEW_MS) {
    return check(
      CHECK.expiry,
      'invalid',
      `The credential is not valid before ${new Date(notBefore).toISOString()}, after this check (${now.toISOString()}).`,
    );
  }
  const stated = expires.filter((e) => e !== null);
  if (stated.length === 0) return check(CHECK.expiry, 'valid', 'The credential has no expiry date.');
  const unreadable = stated.find((e) => parseDate(e) === undefined);
  if (unreadable !== undefined) {
    return check(
      CHECK.expiry,
      'undetermined',
      `The credential's expiry date ${JSON.stringify(unreadable)} cannot be read as a date.`,
    );
  }
  const t = Math.min(...stated.map((e) => parseDate(e) ?? 0));
  return t < at
    ? check(CHECK.expiry, 'invalid', `The credential expired on ${new Date(t).toISOString()}.`)
    : check(CHECK.expiry, 'valid', `The credential is valid until ${new Date(t).toISOString()}.`);
}

function anchorCheck(receipts: MerkleReceipt[], unreadable: string | undefined): VerificationCheck {
  const anchors = receipts.flatMap((r) => r.anchors);
  if (anchors.length === 0) {
    return check(
      CHECK.anchor,
      'undetermined',
      unreadable
        ? `Not checked offline, and no anchor could be read: ${unreadable}.`
        : 'Not checked offline: the Merkle proof names no anchoring transaction.',
    );
  }
  return check(
    CHECK.anchor,
    'undetermined',
    `Not checked offline: ${anchors.map((a) => a.description).join('; ')}.`,
  );
}

function contextCheck(
  contexts: Set<string>,
  inlineContexts: number,
  label: string,
): { outcome: CheckOutcome; detail: string } {
  const unknown = [...contexts].filter((c) => !BUNDLED_CONTEXTS.has(c));
  if (unknown.length > 0 || inlineContexts > 0) {
    const parts = [
      ...(unknown.length > 0
        ? [`names the context${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`]
        : []),
      ...(inlineContexts > 0 ? ['has an inline (or null) context'] : []),
    ];
    return {
      outcome: 'undetermined',
      detail: `A ${label} credential, but it ${parts.join(' and ')}, which CTS does not bundle: it cannot be canonicalised offline.`,
    };
  }
  return { outcome: 'valid', detail: '' };
}

function canonicalisationFailure(
  canonical: Extract<Canonical, { ok: false }>,
  label: string,
): { format: VerificationCheck; merkle: VerificationCheck } {
  if (canonical.unsafe) {
    return {
      format: check(
        CHECK.format,
        'invalid',
        `A ${label} credential, but it holds ${canonical.reason}: canonicalisation would drop it, so no proof covers it and it could be changed freely.`,
      ),
      merkle: check(
        CHECK.merkle,
        'undetermined',
        'Not computed: the credential cannot be canonicalised without dropping part of it.',
      ),
    };
  }
  return {
    format: check(CHECK.format, 'undetermined', `A ${label} credential, but ${canonical.reason}.`),
    merkle: check(CHECK.merkle, 'undetermined', `Not computed: ${canonical.reason}.`),
  };
}

async function merkleCheck(
  canonical: Canonical,
  receipt: MerkleReceipt,
): Promise<{ outcome: CheckOutcome; detail: string }> {
  if (!canonical.ok) return { outcome: 'undetermined', detail: `Not computed: ${canonical.reason}.` };
  const hash = sha256(canonical.nquads).toString('hex');
  if (hash !== receipt.targetHash) {
    return {
      outcome: 'invalid',
      detail: `The credential's canonical hash ${hash} is not the proof's targetHash ${receipt.targetHash}: it was changed after it was issued.`,
    };
  }
  const root = merkleRootOf(receipt.targetHash, receipt.path);
  if (root !== receipt.merkleRoot) {
    return {
      outcome: 'invalid',
      detail: `The Merkle path does not lead to the proof's merkleRoot (${receipt.merkleRoot}, computed ${root}): the proof is broken.`,
    };
  }
  return {
    outcome: 'valid',
    detail: `The credential's canonical hash matches the proof's targetHash, and its Merkle path (${receipt.path.length} step${receipt.path.length === 1 ? '' : 's'}) leads to the merkleRoot ${receipt.merkleRoot}.`,
  };
}

function issuerOf(value: Json | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (isObject(value) && typeof value.id === 'string') return value.id;
  return undefined;
}

function describeStatus(status: Json[]): string {
  return status
    .map((s) => {
      if (!isObject(s)) return 'a status entry';
      const type =
        asArray(s.type)
          .filter((t): t is string => typeof t === 'string')
          .join('/') || 'status';
      const list = str(s.statusListCredential) ?? str(s.id);
      const index =
        str(s.statusListIndex) ?? (typeof s.statusListIndex === 'number' ? String(s.statusListIndex) : '');
      return `${type}${list ? ` ${list}` : ''}${index ? ` index ${index}` : ''}`;
    })
    .join('; ');
}

// ---------------------------------------------------------------------------------------------
// v3

async function verifyV3(
  credential: JsonObject,
  contexts: Set<string>,
  inlineContexts: number,
  trust: TrustList,
  now: Date,
): Promise<{ facts: Facts; checks: VerificationCheck[] }> {
  const label = 'Blockcerts v3';
  const issuer = issuerOf(credential.issuer);
  const issuedOnRaw = str(credential.issuanceDate) ?? str(credential.validFrom);
  const facts: Facts = { format: 'blockcerts-v3' };
  if (issuer !== undefined) facts.issuer = issuer;
  if (issuedOnRaw !== undefined) facts.issuedOn = issuedOnRaw;
  if (typeof credential.name === 'string') facts.name = credential.name;

  const proofs = proofsOf(credential);
  const shapeProblem = !hasType(credential, 'VerifiableCredential')
    ? 'it is not typed VerifiableCredential'
    : proofs.length > MAX_PROOFS
      ? `it has more than ${MAX_PROOFS} proofs`
      : !proofs.every(isObject)
        ? 'a proof is not an object'
        : issuer === undefined
          ? 'it names no issuer'
          : parseDate(issuedOnRaw) === undefined
            ? 'it has no readable issuanceDate'
            : credential.credentialSubject === undefined
              ? 'it has no credentialSubject'
              : undefined;
  if (shapeProblem || issuer === undefined) {
    return {
      facts,
      checks: [
        check(CHECK.format, 'invalid', `Not a well-formed ${label} credential: ${shapeProblem}.`),
        ...notChecked('the credential is malformed'),
      ],
    };
  }
  const issuedAt = parseDate(issuedOnRaw) ?? 0;
  const all = proofs.filter(isObject);
  const merkleProofs = all.filter((p) => hasType(p, 'MerkleProof2019'));
  const signatureProofs = all.filter(isSignatureProof);

  // Decode every Merkle proof first: the anchor check reports them even when nothing else can run.
  const receipts: Array<{ proof: JsonObject; receipt?: MerkleReceipt; error?: string }> = merkleProofs.map(
    (proof) => {
      try {
        return { proof, receipt: decodeMerkleProof2019(proof.proofValue) };
      } catch (error) {
        return { proof, error: (error as Error).message };
      }
    },
  );
  const decoded = receipts.flatMap((r) => (r.receipt ? [r.receipt] : []));
  const decodeError = receipts.find((r) => r.error)?.error;

  const status = asArray(credential.credentialStatus);
  const revocation = check(
    CHECK.revocation,
    'undetermined',
    status.length > 0
      ? `Not checked offline: the credential's status is published in ${describeStatus(status)}.`
      : 'The credential names no status or revocation list; whether its issuer revoked it can only be asked of the issuer, and that is not done offline.',
  );
  const notBefore = Math.max(issuedAt, parseDate(credential.validFrom) ?? issuedAt);
  const expiry = expiryCheck(
    [credential.expirationDate, credential.validUntil].filter((e) => e !== undefined),
    notBefore,
    now,
  );
  const anchor = anchorCheck(decoded, decodeError);

  const ctx = contextCheck(contexts, inlineContexts, label);
  if (ctx.outcome !== 'valid') {
    return {
      facts,
      checks: [
        check(CHECK.format, ctx.outcome, ctx.detail),
        check(
          CHECK.merkle,
          'undetermined',
          'Not computed: the credential names a context CTS does not bundle.',
        ),
        check(
          CHECK.issuerKey,
          'undetermined',
          'Not checked: without its contexts the credential cannot be canonicalised, so no signature can be verified.',
        ),
        anchor,
        revocation,
        expiry,
      ],
    };
  }

  // One canonical form per distinct input within this call: the Merkle proof and an unchained
  // signature hash the same document.
  const memo = new Map<string, Promise<Canonical>>();
  const canonicalOf = (input: object): Promise<Canonical> => {
    const key = JSON.stringify(input);
    let found = memo.get(key);
    if (!found) {
      found = canonicalise(input);
      memo.set(key, found);
    }
    return found;
  };

  // The credential itself, without proofs: a term it uses that no context defines is refused here.
  const { proof: _proofs, ...unsecured } = credential;
  const bare = await canonicalOf(unsecured);
  if (!bare.ok) {
    const failure = canonicalisationFailure(bare, label);
    return {
      facts,
      checks: [
        failure.format,
        failure.merkle,
        check(CHECK.issuerKey, 'undetermined', 'Not checked: the credential cannot be canonicalised.'),
        anchor,
        revocation,
        expiry,
      ],
    };
  }

  let merkle: VerificationCheck;
  if (merkleProofs.length === 0) {
    merkle = check(CHECK.merkle, 'invalid', 'The credential has no MerkleProof2019 proof.');
  } else if (decodeError) {
    merkle = check(CHECK.merkle, 'invalid', `The MerkleProof2019 proof cannot be read: ${decodeError}.`);
  } else {
    const results = [];
    for (const { proof, receipt } of receipts) {
      if (!receipt) continue;
      const input = securedInput(credential, proof, all);
      results.push(
        typeof input === 'string'
          ? { outcome: 'invalid' as const, detail: `The Merkle proof is broken: ${input}.` }
          : await merkleCheck(await canonicalOf(input), receipt),
      );
    }
    const worst =
      results.find((r) => r.outcome === 'invalid') ??
      results.find((r) => r.outcome === 'undetermined') ??
      results[0];
    merkle = check(CHECK.merkle, worst?.outcome ?? 'undetermined', worst?.detail ?? 'Not computed.');
  }

  const keys = trust.issuerKeys.filter((k) => k.issuerId === issuer);
  let issuerKey: VerificationCheck;
  if (signatureProofs.length > 0 && keys.length > 0) {
    const verdicts: SignatureVerdict[] = [];
    for (const proof of signatureProofs) {
      verdicts.push(
        await verifyChainedSignature(credential, proof, all, keys, issuer, issuedAt, canonicalOf),
      );
    }
    const decisive =
      verdicts.find((v) => v.outcome === 'invalid') ??
      verdicts.find((v) => v.outcome === 'valid') ??
      verdicts[0];
    issuerKey = check(CHECK.issuerKey, decisive?.outcome ?? 'undetermined', decisive?.detail ?? '');
  } else if (signatureProofs.length > 0) {
    issuerKey = check(
      CHECK.issuerKey,
      'undetermined',
      `The issuer ${issuer} is not on the trust list of ${trust.institutionId}; the credential's signature by ${str(signatureProofs[0]?.verificationMethod) ?? 'an unnamed key'} ties it to that key only.`,
    );
  } else {
    issuerKey = merkleOnlyIssuerCheck(
      keys,
      issuer,
      issuedAt,
      str(merkleProofs[0]?.verificationMethod),
      trust,
    );
  }

  const others = all.filter((p) => !merkleProofs.includes(p) && !signatureProofs.includes(p));
  const formatDetail = `A ${label} credential (W3C VC 1.1, ${merkleProofs.length} MerkleProof2019 proof${merkleProofs.length === 1 ? '' : 's'}${signatureProofs.length > 0 ? `, ${signatureProofs.length} Ed25519 signature${signatureProofs.length === 1 ? '' : 's'}` : ''}${others.length > 0 ? `, and ${others.length} proof${others.length === 1 ? '' : 's'} of a kind not checked offline` : ''}); every context it names is bundled with CTS and every term it uses is defined.`;

  return {
    facts,
    checks: [check(CHECK.format, 'valid', formatDetail), merkle, issuerKey, anchor, revocation, expiry],
  };
}

// ---------------------------------------------------------------------------------------------
// v2

async function verifyV2(
  certificate: JsonObject,
  contexts: Set<string>,
  inlineContexts: number,
  trust: TrustList,
  now: Date,
): Promise<{ facts: Facts; checks: VerificationCheck[] }> {
  const label = 'Blockcerts v2';
  const badge = isObject(certificate.badge) ? certificate.badge : undefined;
  const issuerNode = badge?.issuer;
  const issuer = issuerOf(issuerNode);
  const issuedOnRaw = str(certificate.issuedOn);
  const facts: Facts = { format: 'blockcerts-v2' };
  if (issuer !== undefined) facts.issuer = issuer;
  if (issuedOnRaw !== undefined) facts.issuedOn = issuedOnRaw;
  if (typeof badge?.name === 'string') facts.name = badge.name;

  const signature = isObject(certificate.signature) ? certificate.signature : undefined;
  const shapeProblem = !signature
    ? 'it has no signature'
    : !hasType(certificate, 'Assertion')
      ? 'it is not an Open Badges Assertion'
      : issuer === undefined
        ? 'its badge names no issuer'
        : parseDate(issuedOnRaw) === undefined
          ? 'it has no readable issuedOn date'
          : undefined;
  if (shapeProblem || !signature || issuer === undefined) {
    return {
      facts,
      checks: [
        check(CHECK.format, 'invalid', `Not a well-formed ${label} certificate: ${shapeProblem}.`),
        ...notChecked('the certificate is malformed'),
      ],
    };
  }
  const issuedAt = parseDate(issuedOnRaw) ?? 0;

  let receipt: MerkleReceipt | undefined;
  let receiptError: string | undefined;
  try {
    receipt = readMerkleProof2017(signature);
  } catch (error) {
    receiptError = (error as Error).message;
  }
  const anchor = anchorCheck(receipt ? [receipt] : [], receiptError);
  const revocationList = isObject(issuerNode) ? str(issuerNode.revocationList) : undefined;
  const revocation = check(
    CHECK.revocation,
    'undetermined',
    revocationList
      ? `Not checked offline: the issuer's revocation list ${revocationList}.`
      : "The certificate names no revocation list; the issuer profile's list (fetched online) is not checked offline.",
  );
  const expiry = expiryCheck(certificate.expires === undefined ? [] : [certificate.expires], issuedAt, now);

  const ctx = contextCheck(contexts, inlineContexts, label);
  if (ctx.outcome !== 'valid') {
    return {
      facts,
      checks: [
        check(CHECK.format, ctx.outcome, ctx.detail),
        check(
          CHECK.merkle,
          'undetermined',
          'Not computed: the certificate names a context CTS does not bundle.',
        ),
        check(CHECK.issuerKey, 'undetermined', 'Not checked: the certificate cannot be canonicalised.'),
        anchor,
        revocation,
        expiry,
      ],
    };
  }

  const { signature: _signature, ...unsigned } = certificate;
  const canonical = await canonicalise(unsigned);
  if (!canonical.ok) {
    const failure = canonicalisationFailure(canonical, label);
    return {
      facts,
      checks: [
        failure.format,
        failure.merkle,
        check(CHECK.issuerKey, 'undetermined', 'Not checked: the certificate cannot be canonicalised.'),
        anchor,
        revocation,
        expiry,
      ],
    };
  }
  const merkleResult = receipt
    ? await merkleCheck(canonical, receipt)
    : {
        outcome: 'invalid' as const,
        detail: `The MerkleProof2017 signature cannot be read: ${receiptError}.`,
      };
  const keys = trust.issuerKeys.filter((k) => k.issuerId === issuer);
  return {
    facts,
    checks: [
      check(
        CHECK.format,
        'valid',
        `A ${label} certificate (Open Badges 2.0, MerkleProof2017); every context it names is bundled with CTS and every term it uses is defined.`,
      ),
      check(CHECK.merkle, merkleResult.outcome, merkleResult.detail),
      // v2 has no issuer signature at all: the issuing address lives in the issuer profile and the
      // transaction, both online.
      merkleOnlyIssuerCheck(keys, issuer, issuedAt, undefined, trust),
      anchor,
      revocation,
      expiry,
    ],
  };
}

// ---------------------------------------------------------------------------------------------

/**
 * Verifies a Blockcerts transcript offline. Never throws: whatever the input, the answer is a
 * report whose checks say what was found and what could not be decided.
 */
export async function verifyBlockcertsTranscript(
  json: unknown,
  sha256Hex: string,
  trust: TrustList,
  now: Date,
): Promise<VerificationReport> {
  const isV2 = (() => {
    try {
      return isObject(json) && json.proof === undefined && isObject(json.signature);
    } catch {
      return false;
    }
  })();
  const fallbackFormat: TranscriptFormat = isV2 ? 'blockcerts-v2' : 'blockcerts-v3';
  try {
    const { problem, contexts, inlineContexts } = survey(json);
    if (problem) {
      return report(
        { format: fallbackFormat },
        [
          check(CHECK.format, 'invalid', `The file is refused unread: ${problem}, beyond what CTS verifies.`),
          ...notChecked('the file is beyond the size CTS verifies'),
        ],
        sha256Hex,
        now,
      );
    }
    if (!isObject(json) || !isBlockcertsCredential(json)) {
      return report(
        { format: fallbackFormat },
        [
          check(
            CHECK.format,
            'invalid',
            'The JSON is not a Blockcerts credential: it has neither a MerkleProof2019 proof (v3) nor a MerkleProof2017 signature (v2).',
          ),
          ...notChecked('the file is not a Blockcerts credential'),
        ],
        sha256Hex,
        now,
      );
    }
    const { facts, checks } = proofsOf(json).some((p) => hasType(p, 'MerkleProof2019'))
      ? await verifyV3(json, contexts, inlineContexts, trust, now)
      : await verifyV2(json, contexts, inlineContexts, trust, now);
    return report(facts, checks, sha256Hex, now);
  } catch (error) {
    return report(
      { format: fallbackFormat },
      [
        check(
          CHECK.format,
          'undetermined',
          `The verifier could not finish (${String((error as Error)?.message ?? error).slice(0, 200)}); ARO checks the credential by hand.`,
        ),
        ...notChecked('the verifier could not finish'),
      ],
      sha256Hex,
      now,
    );
  }
}
