import type { MappingRequestDraftItem } from '../../../functions/mappings/entities/draft.js';
import {
  incomingSignature,
  type Mapping,
  type MappingGroup,
  MappingGroupClaimEntity,
  MappingIdentityEntity,
} from '../../../functions/mappings/entities/mapping.js';
import type { DraftStore } from '../../../functions/mappings/use-cases/drafts.js';
import type {
  Commit,
  CommitConflict,
  MappingRequestStore,
  NewMapping,
} from '../../../functions/mappings/use-cases/mapping-requests.js';
import type { OutboxMessage } from '../../../functions/outbox/entities/outbox-item.js';
import type { MyMappingRequest, StudyRecord } from '../../../functions/records/entities/student.js';
import type { HomeCourse } from '../../../functions/reference-data/entities/catalog.js';
import type { Upload } from '../../../functions/uploads/entities/upload.js';

/**
 * The mapping-request store in memory, with the same guarantees as the DynamoDB one: a commit checks
 * every condition (identity and group claims by the entities' own keys, the group's suffix, the
 * draft, the version) and then writes all or nothing. Each call yields to the event loop first, so
 * parallel use cases interleave as parallel requests do.
 */
export class InMemoryMappingStore implements MappingRequestStore, DraftStore {
  readonly records = new Map<string, StudyRecord>();
  readonly mappings = new Map<string, Mapping>();
  readonly groups = new Map<string, MappingGroup>();
  /** Claim key (pk) → what it names. */
  readonly claims = new Map<string, string>();
  readonly links = new Map<string, MyMappingRequest>();
  readonly drafts = new Map<string, MappingRequestDraftItem>();
  readonly uploads = new Map<string, Upload>();
  readonly homeCourses = new Map<string, HomeCourse>();
  readonly outbox = new Map<string, OutboxMessage>();
  readonly audit: { ref: string; action: string; actor: string }[] = [];
  private counter = 0;

  private readonly tick = () => new Promise<void>((r) => setImmediate(r));
  private readonly linkKey = (s: string, r: string, ref: string) => `${s}#${r}#${ref}`;
  private readonly draftKey = (s: string, r: string, d: string) => `${s}#${r}#${d}`;

  async getRecord(studentId: string, recordId: string) {
    await this.tick();
    const record = this.records.get(recordId);
    return record?.studentId === studentId ? record : undefined;
  }

  async getMapping(ref: string) {
    await this.tick();
    return this.mappings.get(ref);
  }

  async getHomeCourses(codes: string[]) {
    await this.tick();
    return codes.flatMap((c) => this.homeCourses.get(c) ?? []);
  }

  async getUploads(studentId: string, uploadIds: string[]) {
    await this.tick();
    return uploadIds.flatMap((id) => {
      const u = this.uploads.get(id);
      return u && u.studentId === studentId ? [u] : [];
    });
  }

  async findGroup(institutionId: string, signature: string) {
    await this.tick();
    const groupRef = this.claims.get(MappingGroupClaimEntity.key(institutionId, signature).pk);
    const group = groupRef ? this.groups.get(groupRef) : undefined;
    if (!group) return undefined;
    return {
      group: { ...group },
      mappings: [...this.mappings.values()].filter((m) => m.groupRef === group.groupRef),
    };
  }

  async nextGroupNumber() {
    await this.tick();
    return ++this.counter;
  }

  async createMapping({ mapping, group, link, draftId, outbox }: NewMapping): Promise<Commit> {
    await this.tick();
    const conflicts = new Set<CommitConflict>();
    const identity = MappingIdentityEntity.key(
      mapping.institutionId,
      mapping.incomingCourses,
      mapping.homeCourses.map((h) => h.code),
    ).pk;
    if (this.claims.has(identity)) conflicts.add('duplicate');
    const groupClaim = MappingGroupClaimEntity.key(
      mapping.institutionId,
      incomingSignature(mapping.incomingCourses),
    ).pk;
    if ('created' in group) {
      if (this.groups.has(group.created.groupRef) || this.claims.has(groupClaim))
        conflicts.add('group-taken');
    } else if (this.groups.get(group.extended.groupRef)?.lastSuffix !== group.extended.lastSuffix) {
      conflicts.add('suffix-taken');
    }
    if (this.mappings.has(mapping.ref)) conflicts.add('suffix-taken');
    if (draftId && !this.drafts.has(this.draftKey(link.studentId, link.recordId, draftId))) {
      conflicts.add('draft-gone');
    }
    if (conflicts.size > 0) return { committed: false, conflicts: [...conflicts] };

    this.claims.set(identity, mapping.ref);
    if ('created' in group) {
      this.groups.set(group.created.groupRef, { ...group.created });
      this.claims.set(groupClaim, group.created.groupRef);
    } else {
      this.groups.set(group.extended.groupRef, {
        ...group.extended,
        lastSuffix: group.extended.lastSuffix + 1,
      });
    }
    this.mappings.set(mapping.ref, mapping);
    this.links.set(this.linkKey(link.studentId, link.recordId, link.ref), link);
    if (draftId) this.drafts.delete(this.draftKey(link.studentId, link.recordId, draftId));
    for (const m of outbox) this.outbox.set(m.idempotencyKey, m);
    this.audit.push({ ref: mapping.ref, action: 'Request submitted', actor: mapping.requestedBy });
    return { committed: true };
  }

  async resubmitMapping(
    previous: Mapping,
    next: Mapping,
    link: MyMappingRequest,
    action: string,
    outbox: OutboxMessage[],
  ): Promise<Commit> {
    await this.tick();
    if (this.mappings.get(previous.ref)?.version !== previous.version) {
      return { committed: false, conflicts: ['changed'] };
    }
    this.mappings.set(next.ref, next);
    this.links.set(this.linkKey(link.studentId, link.recordId, link.ref), link);
    for (const m of outbox) this.outbox.set(m.idempotencyKey, m);
    this.audit.push({ ref: next.ref, action, actor: link.studentId });
    return { committed: true };
  }

  async getLink(studentId: string, recordId: string, ref: string) {
    await this.tick();
    return this.links.get(this.linkKey(studentId, recordId, ref));
  }

  async addLink(link: MyMappingRequest) {
    await this.tick();
    const key = this.linkKey(link.studentId, link.recordId, link.ref);
    const existing = this.links.get(key);
    if (existing) return existing;
    this.links.set(key, link);
    return link;
  }

  async getDraft(studentId: string, recordId: string, draftId: string) {
    await this.tick();
    return this.drafts.get(this.draftKey(studentId, recordId, draftId));
  }

  async putDraft(draft: MappingRequestDraftItem, replacing: boolean) {
    await this.tick();
    const key = this.draftKey(draft.studentId, draft.recordId, draft.draftId);
    if (replacing && !this.drafts.has(key)) return false;
    this.drafts.set(key, draft);
    return true;
  }

  async deleteDraft(studentId: string, recordId: string, draftId: string) {
    await this.tick();
    return this.drafts.delete(this.draftKey(studentId, recordId, draftId));
  }

  /** Puts a mapping (and its group and claims) as an earlier request would have left it. */
  givenMapping(mapping: Mapping, requester?: { studentId: string; recordId: string }): Mapping {
    const group = this.groups.get(mapping.groupRef);
    const suffix = Number(mapping.ref.slice(-2));
    this.groups.set(mapping.groupRef, {
      groupRef: mapping.groupRef,
      institutionId: mapping.institutionId,
      incomingCourses: mapping.incomingCourses,
      lastSuffix: Math.max(group?.lastSuffix ?? 0, suffix),
    });
    this.claims.set(
      MappingGroupClaimEntity.key(mapping.institutionId, incomingSignature(mapping.incomingCourses)).pk,
      mapping.groupRef,
    );
    this.claims.set(
      MappingIdentityEntity.key(
        mapping.institutionId,
        mapping.incomingCourses,
        mapping.homeCourses.map((h) => h.code),
      ).pk,
      mapping.ref,
    );
    this.counter = Math.max(this.counter, Number(mapping.groupRef.slice(1)));
    this.mappings.set(mapping.ref, mapping);
    if (requester) {
      this.links.set(this.linkKey(requester.studentId, requester.recordId, mapping.ref), {
        ...requester,
        institutionId: mapping.institutionId,
        ref: mapping.ref,
        relation: 'requester',
        addedAt: mapping.createdAt,
      });
    }
    return mapping;
  }
}
