import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../functions/commons/errors.js';
import { contracts } from '../../functions/contracts.js';
import type { AddInstitutionBody } from '../../functions/records/contracts.js';
import type { StudyRecord } from '../../functions/records/entities/student.js';
import {
  type AddInstitutionDeps,
  type AddOutcome,
  addInstitution,
  confirmInstitution,
  DuplicateStudyRecordError,
  type InstitutionConfirmations,
  type InstitutionDirectory,
  type NewStudyRecord,
  type StudyRecordWriter,
  searchInstitutions,
} from '../../functions/records/use-cases/add-institution.js';
import {
  institutionNameWords,
  matchesInstitutionQuery,
  proposedInstitutionId,
} from '../../functions/reference-data/domain/institution-search.js';
import type { Institution } from '../../functions/reference-data/entities/catalog.js';

// "+ Add Another Institution" (guide §3.1.2) over in-memory ports: the search by name words and
// country, the validation of the request, a proposed institution, and the claim that makes a second
// record at the same institution and category impossible.

const studentId = '21041179';
const listed: Institution[] = [
  { institutionId: 'hku', name: 'The University of Hong Kong', country: 'Hong Kong' },
  { institutionId: 'polyu', name: 'The Hong Kong Polytechnic University', country: 'Hong Kong' },
  { institutionId: 'bu', name: 'Boston University', country: 'United States' },
  { institutionId: 'eth', name: 'ETH Zürich', country: 'Switzerland' },
];

/** The table's behaviour that matters: the claim, the record and the proposed institution commit together or not at all. */
class InMemory implements InstitutionDirectory, StudyRecordWriter {
  institutions = new Map(listed.map((i) => [i.institutionId, i]));
  claims = new Map<string, string>();
  records: StudyRecord[] = [];
  audit: NewStudyRecord['audit'][] = [];
  /** Set to create an institution just before the next write, as a concurrent request would. */
  beforeWrite: (() => void) | undefined;

  async getInstitution(id: string) {
    return this.institutions.get(id);
  }
  private sorted() {
    return [...this.institutions.values()]
      .filter((i) => i.status !== 'proposed')
      .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
  }
  async byNamePrefix(prefix: string, limit: number) {
    return this.sorted()
      .filter((i) => i.name.toLowerCase().startsWith(prefix))
      .slice(0, limit);
  }
  async byNameWord(word: string, limit: number) {
    return this.sorted()
      .filter((i) => institutionNameWords(i.name).some((w) => w.startsWith(word)))
      .slice(0, limit);
  }
  async addStudyRecord({ record, audit, proposed }: NewStudyRecord): Promise<AddOutcome> {
    this.beforeWrite?.();
    this.beforeWrite = undefined;
    const claim = `${record.studentId}#${record.institutionId}#${record.category}`;
    const existing = this.claims.get(claim);
    if (existing) return { added: false, reason: 'duplicate', existingRecordId: existing };
    if (proposed && this.institutions.has(proposed.institutionId)) return { added: false, reason: 'retry' };
    this.claims.set(claim, record.recordId);
    this.records.push(record);
    this.audit.push(audit);
    if (proposed) this.institutions.set(proposed.institutionId, proposed);
    return { added: true };
  }
}

function given() {
  const store = new InMemory();
  let n = 0;
  const deps: AddInstitutionDeps = {
    institutions: store,
    records: store,
    now: () => new Date('2025-03-01T08:00:00.000Z'),
    newRecordId: () => `SR-T${++n}`,
  };
  return { store, deps };
}

const body = (patch: Partial<AddInstitutionBody> = {}): AddInstitutionBody => ({
  institutionId: 'hku',
  category: 'on-entry-non-disclosed',
  qualification: 'Associate Degree',
  studyPeriod: '2021-2023',
  transferTerm: '2024-25 Fall',
  ...patch,
});

/** The request as the HTTP edge parses it. */
const parse = (raw: unknown) => contracts.addInstitution.request.shape.body.safeParse(raw);
const fieldsOf = (raw: unknown) => {
  const parsed = parse(raw);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
};

describe('searching the institution list', () => {
  it('finds a name by the prefixes of any of its words, A-Z, narrowed by country', async () => {
    const { store } = given();
    // When a student types "kong"
    const found = await searchInstitutions(store, { q: 'kong', country: '' });
    // Then both Hong Kong universities come back, by name
    expect(found.map((i) => i.institutionId)).toEqual(['polyu', 'hku']);
    expect(found[0]).toEqual({
      institutionId: 'polyu',
      name: 'The Hong Kong Polytechnic University',
      country: 'Hong Kong',
      status: 'listed',
    });
    // And every word narrows, as does the country
    expect(
      (await searchInstitutions(store, { q: 'hong poly', country: '' })).map((i) => i.institutionId),
    ).toEqual(['polyu']);
    expect((await searchInstitutions(store, { q: 'univ', country: 'united' })).map((i) => i.name)).toEqual([
      'Boston University',
    ]);
    // Accents are forgiven
    expect(
      (await searchInstitutions(store, { q: 'zurich', country: '' })).map((i) => i.institutionId),
    ).toEqual(['eth']);
  });

  it('leaves proposed institutions out of the list until ARO confirms them', async () => {
    const { store } = given();
    store.institutions.set('p1', {
      institutionId: 'p1',
      name: 'Kong College',
      country: 'Hong Kong',
      status: 'proposed',
    });
    expect(
      (await searchInstitutions(store, { q: 'kong', country: '' })).map((i) => i.institutionId),
    ).not.toContain('p1');
  });

  it('matches word prefixes only', () => {
    expect(matchesInstitutionQuery(listed[0] as Institution, ['hong', 'un'])).toBe(true);
    expect(matchesInstitutionQuery(listed[0] as Institution, ['ong'])).toBe(false);
  });
});

describe('+ Add Another Institution: the request', () => {
  it('needs an institution chosen or proposed, and names each bad field', () => {
    expect(fieldsOf(body())).toEqual([]);
    expect(fieldsOf({ ...body(), institutionId: undefined })).toEqual(['institutionId']);
    expect(fieldsOf({ ...body(), proposed: { name: 'Somewhere College', country: 'Hong Kong' } })).toEqual([
      'institutionId',
    ]);
    expect(fieldsOf({ ...body(), institutionId: undefined, proposed: { name: ' ', country: '' } })).toEqual([
      'proposed.name',
      'proposed.country',
    ]);
    expect(fieldsOf({ ...body(), qualification: '', studyPeriod: '  ' })).toEqual([
      'qualification',
      'studyPeriod',
    ]);
  });

  it('takes only a transfer term written as the guide writes it', () => {
    expect(fieldsOf({ ...body(), transferTerm: '2024 Fall' })).toEqual(['transferTerm']);
    expect(fieldsOf({ ...body(), transferTerm: '2024-26 Fall' })).toEqual(['transferTerm']);
    expect(fieldsOf({ ...body(), transferTerm: '2024-25 Autumn' })).toEqual(['transferTerm']);
    expect(fieldsOf({ ...body(), transferTerm: '2024-25 Spring' })).toEqual([]);
  });

  it('is the non-disclosed On Entry category unless it says otherwise', () => {
    const { category: _, ...rest } = body();
    expect(parse(rest).data?.category).toBe('on-entry-non-disclosed');
    expect(fieldsOf({ ...rest, category: 'made-up' })).toEqual(['category']);
  });
});

describe('+ Add Another Institution: the record', () => {
  it('adds a non-disclosed On Entry record at a listed institution, with its audit event', async () => {
    const { store, deps } = given();
    const added = await addInstitution(deps, studentId, body());
    expect(added).toEqual({
      record: {
        recordId: 'SR-T1',
        institutionId: 'hku',
        institutionName: 'The University of Hong Kong',
        category: 'On Entry',
        transferTerm: '2024-25 Fall',
        studyPeriod: '2021-2023',
        qualification: 'Associate Degree',
      },
      institution: {
        institutionId: 'hku',
        name: 'The University of Hong Kong',
        country: 'Hong Kong',
        status: 'listed',
      },
    });
    expect(store.records[0]).toMatchObject({
      category: 'on-entry-non-disclosed',
      createdBy: studentId,
      qualification: 'Associate Degree',
    });
    expect(store.audit[0]).toMatchObject({ actor: studentId, to: 'On Entry' });
  });

  it('refuses a second record at the same institution in the category, naming the first', async () => {
    const { deps } = given();
    await addInstitution(deps, studentId, body());
    const second = addInstitution(deps, studentId, body({ qualification: 'Higher Diploma' }));
    await expect(second).rejects.toBeInstanceOf(DuplicateStudyRecordError);
    await expect(second).rejects.toMatchObject({ status: 409, existingRecordId: 'SR-T1' });
    await expect(second).rejects.toThrow(
      /already have an On Entry study record at The University of Hong Kong/,
    );
  });

  it('adds exactly one record of ten identical requests at once', async () => {
    const { store, deps } = given();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, () => addInstitution(deps, studentId, body())),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(refused).toHaveLength(9);
    for (const r of refused) expect(r.reason).toBeInstanceOf(DuplicateStudyRecordError);
    expect(store.records).toHaveLength(1);
  });

  it('creates a proposed institution, who proposed it and when, usable at once', async () => {
    const { store, deps } = given();
    const proposed = { name: 'Lingnan Institute of Further Education', country: 'Hong Kong' };
    const added = await addInstitution(deps, studentId, body({ institutionId: undefined, proposed }));
    const institutionId = proposedInstitutionId(proposed.name, proposed.country);
    expect(added.institution).toEqual({ institutionId, ...proposed, status: 'proposed' });
    expect(added.record.institutionId).toBe(institutionId);
    expect(store.institutions.get(institutionId)).toEqual({
      institutionId,
      ...proposed,
      status: 'proposed',
      proposedBy: studentId,
      proposedAt: '2025-03-01T08:00:00.000Z',
    });
    // The same proposal typed differently by another student is the same institution
    const other = await addInstitution(
      deps,
      '20853127',
      body({
        institutionId: undefined,
        proposed: { name: 'lingnan institute of further  education', country: 'hong kong' },
      }),
    );
    expect(other.record.institutionId).toBe(institutionId);
    expect(store.institutions.get(institutionId)?.proposedBy).toBe(studentId);
  });

  it('takes the listed institution when the proposed name is one', async () => {
    const { store, deps } = given();
    const added = await addInstitution(
      deps,
      studentId,
      body({ institutionId: undefined, proposed: { name: 'boston university', country: 'United States' } }),
    );
    expect(added.institution.institutionId).toBe('bu');
    expect(store.institutions.size).toBe(listed.length);
  });

  it('tries again when the proposed institution was created meanwhile', async () => {
    const { store, deps } = given();
    const proposed = { name: 'Caritas Bianchi College of Careers', country: 'Hong Kong' };
    const institutionId = proposedInstitutionId(proposed.name, proposed.country);
    store.beforeWrite = () =>
      store.institutions.set(institutionId, {
        institutionId,
        ...proposed,
        status: 'proposed',
        proposedBy: '20853127',
        proposedAt: '2025-03-01T07:59:59.000Z',
      });
    const added = await addInstitution(deps, studentId, body({ institutionId: undefined, proposed }));
    expect(added.record.institutionId).toBe(institutionId);
    expect(store.institutions.get(institutionId)?.proposedBy).toBe('20853127');
  });

  it('gives up with a 409 when a concurrent change keeps winning', async () => {
    const { deps } = given();
    deps.records = { addStudyRecord: async () => ({ added: false, reason: 'retry' }) };
    await expect(addInstitution(deps, studentId, body())).rejects.toBeInstanceOf(ConflictError);
  });

  it('refuses the categories the offices create', async () => {
    const { store, deps } = given();
    for (const category of [
      'on-entry-disclosed',
      'hkust-organized-study-abroad',
      'self-arranged-study-abroad',
    ] as const) {
      const attempt = addInstitution(deps, studentId, body({ category }));
      await expect(attempt).rejects.toBeInstanceOf(ForbiddenError);
      await expect(attempt).rejects.toThrow(/created by (URAO|OGL)/);
    }
    expect(store.records).toEqual([]);
  });

  it('refuses an institution that is not on the list, naming the field', async () => {
    const { deps } = given();
    const attempt = addInstitution(deps, studentId, body({ institutionId: 'nowhere' }));
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({ issues: [{ field: 'body.institutionId' }] });
  });
});

describe('ARO confirms a proposed institution', () => {
  const proposed: Institution = {
    institutionId: 'proposed-1',
    name: 'Caritas Institute of Higher Education',
    country: 'Hong Kong',
    status: 'proposed',
    proposedBy: studentId,
    proposedAt: '2025-03-01T08:00:00.000Z',
  };

  function givenConfirmations() {
    const institutions = new Map<string, Institution>([
      [proposed.institutionId, proposed],
      ['hku', listed[0] as Institution],
    ]);
    const store: InstitutionConfirmations = {
      getInstitution: async (id) => institutions.get(id),
      listProposed: async () => [...institutions.values()].filter((i) => i.status === 'proposed'),
      confirm: async (confirmed) => {
        if (institutions.get(confirmed.institutionId)?.status !== 'proposed') return false;
        institutions.set(confirmed.institutionId, confirmed);
        return true;
      },
    };
    return { institutions, deps: { store, now: () => new Date('2025-03-02T09:00:00.000Z') } };
  }

  it('lists it for everyone, once, keeping who proposed it', async () => {
    const { institutions, deps } = givenConfirmations();
    const confirmed = await confirmInstitution(deps, 'aro-001', proposed.institutionId);
    expect(confirmed).toMatchObject({
      status: 'listed',
      proposedBy: studentId,
      confirmedBy: 'aro-001',
      confirmedAt: '2025-03-02T09:00:00.000Z',
    });
    expect(institutions.get(proposed.institutionId)?.status).toBe('listed');
    await expect(confirmInstitution(deps, 'aro-002', proposed.institutionId)).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it('refuses a listed or unknown institution', async () => {
    const { deps } = givenConfirmations();
    await expect(confirmInstitution(deps, 'aro-001', 'hku')).rejects.toThrow(/listed already/);
    await expect(confirmInstitution(deps, 'aro-001', 'nowhere')).rejects.toBeInstanceOf(NotFoundError);
  });
});
