import * as z from 'zod';

// Each Lambda declares the environment it needs and reads it once, at cold start: a missing or
// malformed variable fails the container immediately with the variable's name, not a request later.
export function loadConfig<S extends z.ZodRawShape>(
  shape: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodObject<S>> {
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
  TABLE_NAME: z.string().min(1),
  MAIL_FROM: z.string().min(3),
  SES_CONFIGURATION_SET: z.string().optional(),
  REVIEW_LINK_BASE_URL: z.url().transform((u) => u.replace(/\/+$/, '')),
  ARO_EMAIL: z.email(),
  REVIEW_LINK_VALID_DAYS: z.coerce.number().int().min(1).max(365).default(30),
};
