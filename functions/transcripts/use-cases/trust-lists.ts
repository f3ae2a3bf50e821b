// The trust list ARO keeps per institution (guide §5.2): the certificates its signed PDF
// transcripts must chain to and the issuer keys of its Blockcerts, each with validity dates.
//
// getTrustList — the list (empty, version 0, until ARO adds to it), each certificate with the
//   subject read from it.
// putTrustList — replaces the list under a version check, one commit with its audit event. Every
//   certificate must be an X.509 certificate; ids are unique; each window starts before it ends.

import { randomUUID } from 'node:crypto';
import { ConflictError, ValidationError } from '../../commons/errors.js';
import { institutionPk } from '../../reference-data/entities/catalog.js';
import type { AuditEvent } from '../../store/audit.js';
import type { StoredTrustList } from '../entities/trust-list.js';
import type { CertificateFacts } from '../verification/certificates.js';
import type { TrustedCertificate, TrustedIssuerKey } from '../verification/report.js';

export interface TrustListStore {
  getTrustList(institutionId: string): Promise<StoredTrustList>;
  /** False when the list changed meanwhile (its version moved). */
  putTrustList(next: StoredTrustList, expectedVersion: number, audit: AuditEvent): Promise<boolean>;
}

export interface TrustListDeps {
  store: TrustListStore;
  readCertificate: (der: Uint8Array) => Promise<CertificateFacts | undefined>;
  now: () => Date;
}

async function view(deps: TrustListDeps, list: StoredTrustList) {
  const certificates = await Promise.all(
    list.certificates.map(async (c) => {
      const facts = await deps.readCertificate(Buffer.from(c.certificateDer, 'base64'));
      return { ...c, ...(facts ? { subject: facts.subject } : {}) };
    }),
  );
  return { ...list, certificates };
}

export async function getTrustList(deps: TrustListDeps, institutionId: string) {
  return view(deps, await deps.store.getTrustList(institutionId));
}

function checkWindows(field: string, entries: readonly { validFrom: string; validTo: string }[]) {
  entries.forEach((e, i) => {
    if (Date.parse(e.validFrom) >= Date.parse(e.validTo)) {
      throw ValidationError.of(`body.${field}.${i}.validTo`, 'must be after validFrom');
    }
  });
}

function checkUnique(field: string, ids: readonly string[], idName: string) {
  ids.forEach((id, i) => {
    if (ids.indexOf(id) < i)
      throw ValidationError.of(`body.${field}.${i}.${idName}`, `${id} is listed twice`);
  });
}

export async function putTrustList(
  deps: TrustListDeps,
  staffId: string,
  institutionId: string,
  change: { certificates: TrustedCertificate[]; issuerKeys: TrustedIssuerKey[]; version: number },
) {
  checkWindows('certificates', change.certificates);
  checkWindows('issuerKeys', change.issuerKeys);
  checkUnique(
    'certificates',
    change.certificates.map((c) => c.anchorId),
    'anchorId',
  );
  checkUnique(
    'issuerKeys',
    change.issuerKeys.map((k) => k.keyId),
    'keyId',
  );
  for (const [i, c] of change.certificates.entries()) {
    if (!(await deps.readCertificate(Buffer.from(c.certificateDer, 'base64')))) {
      throw ValidationError.of(`body.certificates.${i}.certificateDer`, 'is not an X.509 certificate');
    }
  }
  const previous = await deps.store.getTrustList(institutionId);
  if (previous.version !== change.version) {
    throw new ConflictError(
      `The trust list of ${institutionId} changed meanwhile (version ${previous.version}, not ${change.version}); read it again`,
    );
  }
  const at = deps.now().toISOString();
  const next: StoredTrustList = {
    institutionId,
    certificates: change.certificates,
    issuerKeys: change.issuerKeys,
    version: previous.version + 1,
    updatedAt: at,
    updatedBy: staffId,
  };
  const ids = (list: StoredTrustList) => [
    ...list.certificates.map((c) => `certificate ${c.anchorId}`),
    ...list.issuerKeys.map((k) => `issuer key ${k.keyId}`),
  ];
  const added = ids(next).filter((id) => !ids(previous).includes(id));
  const removed = ids(previous).filter((id) => !ids(next).includes(id));
  const audit: AuditEvent = {
    subjectPk: institutionPk(institutionId),
    subjectId: 'TRUSTLIST',
    at,
    actor: staffId,
    action: `Trust list changed${added.length ? `; added ${added.join(', ')}` : ''}${removed.length ? `; removed ${removed.join(', ')}` : ''}`,
    from: `v${previous.version}`,
    to: `v${next.version}`,
    eventId: randomUUID(),
  };
  if (!(await deps.store.putTrustList(next, previous.version, audit))) {
    throw new ConflictError(`The trust list of ${institutionId} changed meanwhile; read it again`);
  }
  return view(deps, next);
}
