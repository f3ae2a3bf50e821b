// The Lambda functions, state machines and S3 triggers of CTS: one catalog that the esbuild build,
// the CDK stateless stack and the local runtime all read, so none of them lists a function twice.

export type FunctionName =
  | 'student-api'
  | 'credit-transfer-api'
  | 'mapping-search-api'
  | 'upload-hook'
  | 'transcript-hook'
  | 'mapping-review-tasks'
  | 'ct-application-tasks'
  | 'review-links'
  | 'aro-api'
  | 'outbox-dispatcher'
  | 'records-office-api'
  | 'record-import-hook'
  | 'reference-data-api'
  | 'help-api'
  | 'aro-reports-api'
  | 'signed-decisions-api';

/**
 * The uploads bucket: `post` signs presigned POST forms (PutObject on the upload prefixes only, so
 * no form can write a pinned copy); `readVerified` reads pinned copies only (the verified bytes);
 * `readWrite` is the verification hooks', which read what was posted and pin what they verified.
 */
export type UploadAccess = 'post' | 'readVerified' | 'readWrite';

export interface FunctionDefinition {
  /** Source file exporting `handler`, relative to the project root. */
  entry: string;
  description: string;
  memoryMb: number;
  timeoutSeconds: number;
  /** What the function may touch; CDK turns each into an env var plus the matching grant. */
  access: {
    table?: 'read' | 'readWrite';
    uploads?: UploadAccess | UploadAccess[];
    mail?: boolean;
    /** Publishes integration events to the bus (PutEvents). */
    events?: boolean;
    /** Workflows it starts (StartExecution) or completes tasks of (SendTask*). */
    workflows?: WorkflowName[];
    /**
     * Sends review requests: needs the API's public URL for action links, the ARO mailbox and the link
     * lifetime. (The link pages themselves answer on whatever host the reviewer reached.)
     */
    reviewLinks?: boolean;
    /**
     * Signs credit transfer decisions: the decision key (KMS Sign and GetPublicKey on that key only)
     * and the issuer its decisions name.
     */
    signing?: boolean;
  };
}

export const functionCatalog: Record<FunctionName, FunctionDefinition> = {
  'student-api': {
    entry: 'functions/handlers/student-api.ts',
    description:
      'Student routes of the HTTP API: dashboard, study records, mapping requests, uploads, transcripts, + Add Another Institution',
    memoryMb: 1024,
    timeoutSeconds: 10,
    access: { table: 'readWrite', uploads: 'post' },
  },
  'credit-transfer-api': {
    entry: 'functions/handlers/credit-transfer-api.ts',
    description:
      'Student routes of credit transfer applications (guide §5): Apply for CT, drafts, Submit, Provide Info, Withdraw, the Conversion Preview',
    memoryMb: 1024,
    timeoutSeconds: 10,
    access: { table: 'readWrite' },
  },
  'mapping-search-api': {
    entry: 'functions/handlers/mapping-search-api.ts',
    description: 'Read side of course mappings: Search Existing Mappings, HKUST course search, precedents',
    memoryMb: 1024,
    timeoutSeconds: 10,
    access: { table: 'read' },
  },
  'upload-hook': {
    entry: 'functions/handlers/upload-hook.ts',
    description:
      'Verifies uploaded documents (PDF structure, active content, size) and pins the verified bytes',
    memoryMb: 1024,
    timeoutSeconds: 30,
    access: { table: 'readWrite', uploads: 'readWrite' },
  },
  'transcript-hook': {
    entry: 'functions/handlers/transcript-hook.ts',
    description:
      'Verifies official transcripts offline (PDF signatures against trust lists, Blockcerts) and pins the bytes',
    memoryMb: 1024,
    timeoutSeconds: 60,
    access: { table: 'readWrite', uploads: 'readWrite' },
  },
  'mapping-review-tasks': {
    entry: 'functions/handlers/mapping-review-tasks.ts',
    description: 'Task states of the mapping-review workflow: record transitions, await decisions, send mail',
    memoryMb: 512,
    timeoutSeconds: 30,
    access: { table: 'readWrite', mail: true, reviewLinks: true },
  },
  'ct-application-tasks': {
    entry: 'functions/handlers/ct-application-tasks.ts',
    description:
      'Task states of the credit transfer application workflow: routing, endorsements, the transcript wait, the decision',
    memoryMb: 512,
    timeoutSeconds: 30,
    access: { table: 'readWrite', mail: true, reviewLinks: true, workflows: ['ct-application'] },
  },
  'review-links': {
    entry: 'functions/handlers/review-links.ts',
    description:
      'Emailed action links of department reviewers and program offices: confirmation page, decision, renewal',
    memoryMb: 512,
    timeoutSeconds: 15,
    access: {
      table: 'readWrite',
      uploads: 'readVerified',
      mail: true,
      workflows: ['mapping-review', 'ct-application'],
    },
  },
  'aro-api': {
    entry: 'functions/handlers/aro-api.ts',
    description:
      'ARO admin routes of the HTTP API: triage, mapping timelines, reviewers, transcripts, applications',
    memoryMb: 512,
    timeoutSeconds: 10,
    access: {
      table: 'readWrite',
      uploads: ['post', 'readVerified'],
      workflows: ['mapping-review', 'ct-application'],
    },
  },
  'outbox-dispatcher': {
    entry: 'functions/handlers/outbox-dispatcher.ts',
    description:
      'Delivers the outbox of state changes (workflow starts and stops, mails, integration events) from the table stream, at least once',
    memoryMb: 512,
    timeoutSeconds: 60,
    access: {
      table: 'readWrite',
      mail: true,
      events: true,
      workflows: ['mapping-review', 'ct-application'],
    },
  },
  'records-office-api': {
    entry: 'functions/handlers/records-office-api.ts',
    description: 'URAO and OGL routes of the admin API: study records one by one and CSV import jobs',
    memoryMb: 512,
    timeoutSeconds: 10,
    access: { table: 'readWrite', uploads: 'post' },
  },
  'record-import-hook': {
    entry: 'functions/handlers/record-import-hook.ts',
    description: 'Runs a study record CSV import job: streams the uploaded file, row by row, idempotently',
    memoryMb: 1024,
    timeoutSeconds: 900,
    access: { table: 'readWrite', uploads: 'readWrite' },
  },
  'reference-data-api': {
    entry: 'functions/handlers/reference-data-api.ts',
    description:
      "ARO reference data: the HKUST catalog, institutions and their transcripts' trust lists, the term calendar",
    memoryMb: 512,
    timeoutSeconds: 30,
    access: { table: 'readWrite' },
  },
  'help-api': {
    entry: 'functions/handlers/help-api.ts',
    description: 'The Help page contacts (guide §6) and their administration by ARO',
    memoryMb: 256,
    timeoutSeconds: 10,
    access: { table: 'readWrite' },
  },
  'aro-reports-api': {
    entry: 'functions/handlers/aro-reports-api.ts',
    description: 'ARO queues and reports (JSON and CSV, streamed) and the audit trail',
    memoryMb: 1024,
    timeoutSeconds: 30,
    access: { table: 'read' },
  },
  'signed-decisions-api': {
    entry: 'functions/handlers/signed-decisions-api.ts',
    description: 'Signed credit transfer decisions (JWS): the download, the public key, verification',
    memoryMb: 512,
    timeoutSeconds: 10,
    access: { table: 'read', signing: true },
  },
};

export type WorkflowName = 'mapping-review' | 'ct-application';

export interface WorkflowDefinition {
  /** ASL file (JSONPath) relative to the project root. */
  file: string;
  /** `${Placeholder}` in the ASL -> the function whose ARN replaces it. */
  functionArns: Record<string, FunctionName>;
  /** Env var through which functions find this state machine's ARN. */
  arnEnv: string;
}

export const workflowCatalog: Record<WorkflowName, WorkflowDefinition> = {
  'mapping-review': {
    file: 'workflows/mapping-review.asl.json',
    functionArns: { MappingReviewTasksFunctionArn: 'mapping-review-tasks' },
    arnEnv: 'MAPPING_REVIEW_STATE_MACHINE_ARN',
  },
  'ct-application': {
    file: 'workflows/ct-application.asl.json',
    functionArns: { CtApplicationTasksFunctionArn: 'ct-application-tasks' },
    arnEnv: 'CT_APPLICATION_STATE_MACHINE_ARN',
  },
};

/**
 * Object-created notifications on the uploads bucket. CDK adds one notification per entry; the local
 * S3 bridge applies the same prefix/suffix filter before calling the handler. A later upload kind
 * adds its own prefix here. No prefix may cover `verifiedUploadsPrefix`,
 * or the hook would be triggered by its own pinned copies.
 */
export const uploadTriggers: {
  fn: FunctionName;
  prefix: string;
  suffix: string;
  /** The functions whose presigned forms write under the prefix (PutObject there, nowhere else). */
  postedBy: FunctionName[];
}[] = [
  { fn: 'upload-hook', prefix: 'uploads/', suffix: '.pdf', postedBy: ['student-api'] },
  { fn: 'transcript-hook', prefix: 'transcripts/', suffix: '.pdf', postedBy: ['student-api', 'aro-api'] },
  { fn: 'transcript-hook', prefix: 'transcripts/', suffix: '.json', postedBy: ['student-api', 'aro-api'] },
  { fn: 'record-import-hook', prefix: 'imports/', suffix: '.csv', postedBy: ['records-office-api'] },
];

/**
 * Where the upload hook pins the bytes it verified (`verified/<upload key>`): written only by the hook,
 * signed into no presigned form, and the only objects ever served.
 */
export const verifiedUploadsPrefix = 'verified/';
