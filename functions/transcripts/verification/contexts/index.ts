// The closed set of JSON-LD contexts CTS verifies credentials against. A credential naming any other
// context is not canonicalised at all (the verifier runs without network and must never fetch one),
// so adding an issuer's own vocabulary means bundling its context here, copied exactly.
import { blockcertsV2, blockcertsV3, blockcertsV31, openBadgesV2 } from './blockcerts.js';
import { credentialsV1 } from './credentials-v1.js';
import { dataIntegrityV2, ed25519Signature2020V1, merkleProof2019V1, statusList2021V1 } from './security.js';
import type { ContextDocument } from './types.js';

export type { ContextDocument } from './types.js';

export const CREDENTIALS_V1 = 'https://www.w3.org/2018/credentials/v1';
export const BLOCKCERTS_V3 = 'https://w3id.org/blockcerts/v3';
export const BLOCKCERTS_V2 = 'https://w3id.org/blockcerts/v2';
export const OPEN_BADGES_V2 = 'https://w3id.org/openbadges/v2';
export const DATA_INTEGRITY_V2 = 'https://w3id.org/security/data-integrity/v2';
export const ED25519_2020_V1 = 'https://w3id.org/security/suites/ed25519-2020/v1';
export const MERKLE_2019_V1 = 'https://w3id.org/security/suites/merkle-2019/v1';
export const STATUS_LIST_2021_V1 = 'https://w3id.org/vc/status-list/2021/v1';

// Each context under every address Blockcerts issuers are known to write (cert-verifier-js's own
// list): the canonical w3id.org one, the w3id.org schema path and the blockcerts.org mirror.
const entries: ReadonlyArray<readonly [string, ContextDocument]> = [
  [CREDENTIALS_V1, credentialsV1],
  [BLOCKCERTS_V3, blockcertsV3],
  ['https://w3id.org/blockcerts/schema/3.0/context.json', blockcertsV3],
  ['https://www.blockcerts.org/schema/3.0/context.json', blockcertsV3],
  ['https://w3id.org/blockcerts/v3.1', blockcertsV31],
  ['https://w3id.org/blockcerts/schema/3.1/context.json', blockcertsV31],
  ['https://www.blockcerts.org/schema/3.1/context.json', blockcertsV31],
  [BLOCKCERTS_V2, blockcertsV2],
  ['https://w3id.org/blockcerts/schema/2.0/context.json', blockcertsV2],
  ['https://www.blockcerts.org/schema/2.0/context.json', blockcertsV2],
  ['https://w3id.org/blockcerts/v2.1', blockcertsV2],
  ['https://w3id.org/blockcerts/schema/2.1/context.json', blockcertsV2],
  ['https://www.blockcerts.org/schema/2.1/context.json', blockcertsV2],
  [OPEN_BADGES_V2, openBadgesV2],
  ['https://openbadgespec.org/v2/context.json', openBadgesV2],
  [DATA_INTEGRITY_V2, dataIntegrityV2],
  [ED25519_2020_V1, ed25519Signature2020V1],
  [MERKLE_2019_V1, merkleProof2019V1],
  [STATUS_LIST_2021_V1, statusList2021V1],
];

export const BUNDLED_CONTEXTS: ReadonlyMap<string, ContextDocument> = new Map(entries);
