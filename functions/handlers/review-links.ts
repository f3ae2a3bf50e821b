import * as z from 'zod/mini';
import { DynamoApplicationStore } from '../applications/adapters/application-store.js';
import { applicationContracts } from '../applications/contracts.js';
import { applicationSteps } from '../applications/human-steps/steps.js';
import { endorsementSite } from '../applications/human-steps/words.js';
import { dynamoClient, loadedOnFirstCall, s3ClientOf, sesClientOf, sfnClientOf } from '../commons/clients.js';
import { loadConfig } from '../commons/config.js';
import { type HttpEvent, htmlPage, httpApi, route } from '../commons/http.js';
import { DynamoHumanStepStore } from '../human-steps/adapters/human-step-store.js';
import { linkIdPattern } from '../human-steps/domain/action-link.js';
import { linkNotFoundPage } from '../human-steps/edge/pages.js';
import {
  decideByLink,
  type LinkDeps,
  type LinkSteps,
  type Page,
  renewLink,
  viewLink,
} from '../human-steps/use-cases/links.js';
import { DynamoMappingSearchStore } from '../mappings/adapters/mapping-search-store.js';
import { DynamoMappingReviewStore } from '../reviews/adapters/mapping-review-store.js';
import { reviewContracts } from '../reviews/contracts.js';
import { reviewSite } from '../reviews/human-steps/pages.js';
import { mappingReviewSteps } from '../reviews/human-steps/steps.js';

const config = loadConfig({
  TABLE_NAME: z.string().check(z.minLength(1)),
  UPLOADS_BUCKET: z.string().check(z.minLength(1)),
  MAIL_FROM: z.string().check(z.minLength(3)),
  SES_CONFIGURATION_SET: z.optional(z.string()),
  REVIEW_LINK_VALID_DAYS: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(365)), 30),
});
const db = dynamoClient();
// Step Functions (a decision), SES (a renewed link) and S3 (document links on a confirmation page)
// each serve some requests only, so each loads on its first use rather than at every cold start.
const deps: LinkDeps = {
  store: new DynamoHumanStepStore(db, config.TABLE_NAME),
  tasks: loadedOnFirstCall(['succeed', 'fail'], async () => {
    const [{ StepFunctionsTaskResponder }, sdk] = await Promise.all([
      import('../human-steps/adapters/task-responder.js'),
      import('@aws-sdk/client-sfn'),
    ]);
    return new StepFunctionsTaskResponder(sfnClientOf(sdk));
  }),
  mailer: loadedOnFirstCall(['send'], async () => {
    const [{ SesMailer }, sdk] = await Promise.all([
      import('../commons/ses-mailer.js'),
      import('@aws-sdk/client-sesv2'),
    ]);
    return new SesMailer(sesClientOf(sdk), config.MAIL_FROM, config.SES_CONFIGURATION_SET);
  }),
  linkValidDays: config.REVIEW_LINK_VALID_DAYS,
  now: () => new Date(),
};
// The steps decided through links of /review: the mapping review's department reviews.
const links: LinkSteps = {
  site: reviewSite,
  steps: [
    mappingReviewSteps({
      mappings: new DynamoMappingReviewStore(db, config.TABLE_NAME),
      // The precedents: the search entries the students' getPrecedents reads, no query of its own.
      precedents: new DynamoMappingSearchStore(db, config.TABLE_NAME),
      documents: loadedOnFirstCall(['presignedGet'], async () => {
        const [{ S3DocumentStorage }, sdk] = await Promise.all([
          import('../uploads/adapters/document-storage.js'),
          import('@aws-sdk/client-s3'),
        ]);
        return new S3DocumentStorage(s3ClientOf(sdk), config.UPLOADS_BUCKET);
      }),
    }).departmentReview,
  ],
};

// The steps decided through links of /endorse: each program office's endorsement of an application.
const applications = new DynamoApplicationStore(db, config.TABLE_NAME);
const endorsementLinks: LinkSteps = {
  site: endorsementSite,
  steps: [
    applicationSteps({
      load: (subject) => applications.contextOf(subject),
    }).endorsement,
  ],
};

// A malformed id is answered like an unknown one: a tampered link learns nothing.
const page = ({ statusCode, html }: Page) => htmlPage(statusCode, html);
const withLink = async (linkId: string, act: (id: string) => Promise<Page>, site = links.site) =>
  page(linkIdPattern.test(linkId) ? await act(linkId) : { statusCode: 404, html: linkNotFoundPage(site) });

/** The host the reviewer reached (the API's own URL): a renewed link points back to it. */
const baseUrlOf = (event: HttpEvent): string =>
  `${event.headers?.['x-forwarded-proto'] ?? 'https'}://${event.requestContext.domainName}`;

export const handler = httpApi(
  'review-links',
  { ...reviewContracts, ...applicationContracts },
  {
    showReviewLink: route('showReviewLink', ({ input }) =>
      withLink(input.path.linkId, (id) => viewLink(deps, links, id)),
    ),
    // Mail scanners probe with HEAD: the same page, the same nothing changed.
    headReviewLink: route('headReviewLink', ({ input }) =>
      withLink(input.path.linkId, (id) => viewLink(deps, links, id)),
    ),
    decideByReviewLink: route('decideByReviewLink', ({ input }) =>
      withLink(input.path.linkId, (id) => decideByLink(deps, links, id, input.body)),
    ),
    renewReviewLink: route('renewReviewLink', ({ input, event }) =>
      withLink(input.path.linkId, (id) => renewLink(deps, links, id, baseUrlOf(event))),
    ),

    showEndorsementLink: route('showEndorsementLink', ({ input }) =>
      withLink(input.path.linkId, (id) => viewLink(deps, endorsementLinks, id), endorsementSite),
    ),
    headEndorsementLink: route('headEndorsementLink', ({ input }) =>
      withLink(input.path.linkId, (id) => viewLink(deps, endorsementLinks, id), endorsementSite),
    ),
    decideByEndorsementLink: route('decideByEndorsementLink', ({ input }) =>
      withLink(
        input.path.linkId,
        (id) => decideByLink(deps, endorsementLinks, id, input.body),
        endorsementSite,
      ),
    ),
    renewEndorsementLink: route('renewEndorsementLink', ({ input, event }) =>
      withLink(
        input.path.linkId,
        (id) => renewLink(deps, endorsementLinks, id, baseUrlOf(event)),
        endorsementSite,
      ),
    ),
  },
);
