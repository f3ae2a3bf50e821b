import * as z from 'zod/mini';
import './zod.js';

// Each Lambda declares the environment it needs and reads it once, at cold start: a missing or
// malformed variable fails the container immediately with the variable's name, not a request later.
export function loadConfig<S extends z.core.$ZodShape>(
  shape: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodMiniObject<S>> {
  const parsed = z.object(shape).safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration at cold start: ${problems}`);
  }
  return parsed.data;
}

/** Environment variable names shared by CDK (which sets them) and the functions (which read them). */
export const envNames = {
  tableName: 'TABLE_NAME',
  uploadsBucket: 'UPLOADS_BUCKET',
  mailFrom: 'MAIL_FROM',
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  mappingReviewStateMachineArn: 'MAPPING_REVIEW_STATE_MACHINE_ARN',
  webOrigin: 'WEB_ORIGIN',
  s3ForcePathStyle: 'S3_FORCE_PATH_STYLE',
  reviewLinkBaseUrl: 'REVIEW_LINK_BASE_URL',
  aroEmail: 'ARO_EMAIL',
  reviewLinkValidDays: 'REVIEW_LINK_VALID_DAYS',
  eventBusName: 'EVENT_BUS_NAME',
} as const;

/**
 * What a workflow's task function that asks people needs (catalog access `reviewLinks` and `mail`):
 * the table, the sender, the API's public URL for action links, the registry's mailbox, the links'
 * lifetime. One shape, so every such function reads them alike.
 */
export const askingTasksEnv = {
  TABLE_NAME: z.string().check(z.minLength(1)),
  MAIL_FROM: z.string().check(z.minLength(3)),
  SES_CONFIGURATION_SET: z.optional(z.string()),
  REVIEW_LINK_BASE_URL: z.pipe(
    z.url(),
    z.transform((u) => u.replace(/\/+$/, '')),
  ),
  ARO_EMAIL: z.email(),
  REVIEW_LINK_VALID_DAYS: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(365)), 30),
};
