import * as z from 'zod';
import { dynamoClient, s3Client, sesClient, sfnClient } from '../commons/clients.js';
import { loadConfig } from '../commons/config.js';
import { type HttpEvent, htmlPage, httpApi, route } from '../commons/http.js';
import { SesMailer } from '../commons/ses-mailer.js';
import { StepFunctionsTaskResponder } from '../human-steps/adapters/task-responder.js';
import { linkIdPattern } from '../human-steps/domain/action-link.js';
import { DynamoMappingReviewStore } from '../reviews/adapters/mapping-review-store.js';
import {
  decideByReviewLink,
  type Page,
  type ReviewActionDeps,
  renewReviewLink,
  viewReviewLink,
} from '../reviews/use-cases/review-actions.js';
import { linkNotFoundPage } from '../reviews/use-cases/review-pages.js';
import { S3DocumentStorage } from '../uploads/adapters/document-storage.js';

const config = loadConfig({
  TABLE_NAME: z.string().min(1),
  UPLOADS_BUCKET: z.string().min(1),
  MAIL_FROM: z.string().min(3),
  SES_CONFIGURATION_SET: z.string().optional(),
  REVIEW_LINK_VALID_DAYS: z.coerce.number().int().min(1).max(365).default(30),
});
const deps: ReviewActionDeps = {
  store: new DynamoMappingReviewStore(dynamoClient(), config.TABLE_NAME),
  tasks: new StepFunctionsTaskResponder(sfnClient()),
  documents: new S3DocumentStorage(s3Client(), config.UPLOADS_BUCKET),
  mailer: new SesMailer(sesClient(), config.MAIL_FROM, config.SES_CONFIGURATION_SET),
  linkValidDays: config.REVIEW_LINK_VALID_DAYS,
  now: () => new Date(),
};

// A malformed id is answered like an unknown one: a tampered link learns nothing.
const linkPath = z.object({ linkId: z.string().max(200) });
const page = ({ statusCode, html }: Page) => htmlPage(statusCode, html);
const withLink = async (linkId: string, act: (id: string) => Promise<Page>) =>
  page(linkIdPattern.test(linkId) ? await act(linkId) : { statusCode: 404, html: linkNotFoundPage() });

/** The host the reviewer reached (the API's own URL): a renewed link points back to it. */
const baseUrlOf = (event: HttpEvent): string =>
  `${event.headers?.['x-forwarded-proto'] ?? 'https'}://${event.requestContext.domainName}`;

const showPage = route(z.object({ path: linkPath }), ({ input }) =>
  withLink(input.path.linkId, (id) => viewReviewLink(deps, id)),
);

const field = z.string().max(4000, 'must be at most 4000 characters').optional();

export const handler = httpApi('review-links', {
  showReviewLink: showPage,
  // Mail scanners probe with HEAD: the same page, the same nothing changed.
  headReviewLink: showPage,
  decideByReviewLink: route(
    z.object({
      path: linkPath,
      body: z
        .object({ decision: field, validFrom: field, validTo: field, reason: field, note: field })
        .default({}),
    }),
    ({ input }) => withLink(input.path.linkId, (id) => decideByReviewLink(deps, id, input.body)),
    { bodyFormat: 'form' },
  ),
  renewReviewLink: route(
    z.object({ path: linkPath }),
    ({ input, event }) => withLink(input.path.linkId, (id) => renewReviewLink(deps, id, baseUrlOf(event))),
    { bodyFormat: 'form' },
  ),
});
