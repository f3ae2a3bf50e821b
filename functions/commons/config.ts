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
} as const;
