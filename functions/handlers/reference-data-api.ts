import * as z from 'zod/mini';
import { DynamoApplicationStore } from '../applications/adapters/application-store.js';
import { getTermDeadline } from '../applications/use-cases/application-admin.js';
import type { Actor } from '../commons/auth.js';
import { dynamoClient } from '../commons/clients.js';
import { loadConfig } from '../commons/config.js';
import { ForbiddenError, NotFoundError } from '../commons/errors.js';
import { httpApi, Reply, route } from '../commons/http.js';
import { DynamoGradingStore } from '../conversion/adapters/grading-store.js';
import { getInstitutionGrading } from '../conversion/use-cases/institution-grading.js';
import { DynamoReReviewStore } from '../mappings/adapters/re-review-store.js';
import { mappingContracts } from '../mappings/contracts.js';
import { searchWords } from '../mappings/domain/mapping-search.js';
import { listReReviews, resolveReReview } from '../mappings/use-cases/re-review.js';
import { DynamoReferenceDataStore } from '../reference-data/adapters/reference-data-store.js';
import {
  type CalendarTermView,
  type InstitutionDetail,
  referenceDataContracts,
} from '../reference-data/contracts.js';
import type { Institution } from '../reference-data/entities/catalog.js';
import type { CalendarTerm } from '../reference-data/entities/term-calendar.js';
import {
  type CatalogDeps,
  getCatalogCourse,
  importCatalogCsv,
  listCatalogCourses,
  putCatalogCourse,
  retireCatalogCourse,
} from '../reference-data/use-cases/catalog.js';
import {
  getInstitutionForAro,
  institutionVersion,
  putInstitution,
} from '../reference-data/use-cases/institutions.js';
import { listTermCalendar, setCalendarTerm } from '../reference-data/use-cases/term-calendar.js';
import { DynamoTranscriptStore } from '../transcripts/adapters/transcript-store.js';
import { transcriptContracts } from '../transcripts/contracts.js';
import { getTrustList, putTrustList, type TrustListDeps } from '../transcripts/use-cases/trust-lists.js';

// ARO's reference data (issue 10 item 3): the HKUST catalog and the re-review of the mappings its
// changes touch, institutions and their transcripts' trust lists, the term calendar. An
// institution's view links what other capabilities keep of it (its grading, its trust list) and a
// term's its application deadline: composed here, so reference-data depends on none of them. The
// trust lists are served here rather than with ARO's other transcript routes, so the X.509 parser
// they need (~400 KB) ships with this function only.

const config = loadConfig({ TABLE_NAME: z.string().check(z.minLength(1)) });
const db = dynamoClient();
const now = () => new Date();
const store = new DynamoReferenceDataStore(db, config.TABLE_NAME, searchWords);
const catalog: CatalogDeps = { store, now, titleWords: searchWords };
const reReviews = { store: new DynamoReReviewStore(db, config.TABLE_NAME), now };
const gradings = { store: new DynamoGradingStore(db, config.TABLE_NAME) };
const trustLists = new DynamoTranscriptStore(db, config.TABLE_NAME);
const trustListDeps: TrustListDeps = {
  store: trustLists,
  // The certificate parser loads with the first trust list read or written.
  readCertificate: async (der) =>
    (await import('../transcripts/verification/certificates.js')).readCertificate(der),
  now,
};
const deadlines = { store: new DynamoApplicationStore(db, config.TABLE_NAME) };

function staffOf(actor: Actor): string {
  if (actor.kind !== 'aro') throw new ForbiddenError('This is for ARO staff');
  return actor.staffId;
}

async function institutionDetail(institution: Institution): Promise<InstitutionDetail> {
  const id = institution.institutionId;
  const [grading, trust] = await Promise.all([
    getInstitutionGrading(gradings, id).catch((error: unknown) => {
      if (error instanceof NotFoundError) return null;
      throw error;
    }),
    trustLists.getTrustList(id),
  ]);
  const path = `/admin/institutions/${encodeURIComponent(id)}`;
  return {
    institutionId: id,
    name: institution.name,
    country: institution.country,
    status: institution.status ?? 'listed',
    aliases: institution.aliases ?? [],
    version: institutionVersion(institution),
    ...(institution.updatedBy ? { updatedBy: institution.updatedBy } : {}),
    ...(institution.updatedAt ? { updatedAt: institution.updatedAt } : {}),
    grading: grading && { ...grading, href: `${path}/grading` },
    trustedIssuers: {
      version: trust.version,
      certificates: trust.certificates,
      issuerKeys: trust.issuerKeys,
      href: `${path}/trust-list`,
    },
  };
}

async function termView(t: CalendarTerm): Promise<CalendarTermView> {
  const { deadline, isDefault } = await getTermDeadline(deadlines, t.term);
  return { ...t, applicationDeadline: { deadline, isDefault } };
}

export const handler = httpApi(
  'reference-data-api',
  { ...referenceDataContracts, ...mappingContracts, ...transcriptContracts },
  {
    listCatalogCourses: route('listCatalogCourses', ({ input, actor }) => {
      staffOf(actor);
      return listCatalogCourses(catalog, input.query);
    }),

    getCatalogCourse: route('getCatalogCourse', ({ input, actor }) => {
      staffOf(actor);
      return getCatalogCourse(catalog, input.path.code);
    }),

    putCatalogCourse: route('putCatalogCourse', async ({ input, actor }) => {
      const { created, response } = await putCatalogCourse(
        catalog,
        staffOf(actor),
        input.path.code,
        input.body,
      );
      return created ? Reply.created(response) : response;
    }),

    retireCatalogCourse: route('retireCatalogCourse', ({ input, actor }) =>
      retireCatalogCourse(catalog, staffOf(actor), input.path.code, input.body),
    ),

    importCatalogCsv: route('importCatalogCsv', ({ input, actor }) =>
      importCatalogCsv(catalog, staffOf(actor), input.body),
    ),

    listReReviews: route('listReReviews', ({ actor }) => {
      staffOf(actor);
      return listReReviews(reReviews.store);
    }),

    resolveReReview: route('resolveReReview', ({ input, actor }) =>
      resolveReReview(reReviews, staffOf(actor), input.path.ref, input.body),
    ),

    getInstitutionForAro: route('getInstitutionForAro', async ({ input, actor }) => {
      staffOf(actor);
      return institutionDetail(await getInstitutionForAro(store, input.path.institutionId));
    }),

    putInstitution: route('putInstitution', async ({ input, actor }) =>
      institutionDetail(
        await putInstitution({ store, now }, staffOf(actor), input.path.institutionId, input.body),
      ),
    ),

    getTrustList: route('getTrustList', ({ input, actor }) => {
      staffOf(actor);
      return getTrustList(trustListDeps, input.path.institutionId);
    }),

    putTrustList: route('putTrustList', ({ input, actor }) =>
      putTrustList(trustListDeps, staffOf(actor), input.path.institutionId, input.body),
    ),

    listTermCalendar: route('listTermCalendar', async ({ actor }) => {
      staffOf(actor);
      return { terms: await Promise.all((await listTermCalendar(store)).map(termView)) };
    }),

    putCalendarTerm: route('putCalendarTerm', async ({ input, actor }) =>
      termView(await setCalendarTerm({ store, now }, staffOf(actor), input.path.term, input.body)),
    ),
  },
);
