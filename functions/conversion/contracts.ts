import * as z from 'zod/mini';
import { jsonOperation, lazySchema } from '../commons/contracts.js';
import { creditUnits, incomingCourse, mappedHomeCourse, recordId, ref } from '../mappings/contracts.js';

// The UCTS conversion (docs/ucts-conversion.md): institutions' grading (credit system and grade
// scale), ARO's through the admin API, and the student's Conversion Preview of approved mappings of
// a study record, with every step of the working and the published rule. The UCTS grade list is
// the contract's: the domain (conversion/domain/ucts-conversion.ts) imports it from here.

/** The UCTS grades, best first (seed "UCTS Grading Scale"): A to E pass, FX and F fail. */
export const uctsGrades = ['A', 'B', 'C', 'D', 'E', 'FX', 'F'] as const;

const institutionId = lazySchema(() => z.string().check(z.minLength(1), z.maxLength(120)));
export const uctsGrade = lazySchema(() =>
  z.enum(uctsGrades, { message: `must be a UCTS grade: ${uctsGrades.join(', ')}` }),
);

export const creditSystem = lazySchema(() =>
  z.object({
    name: z
      .string()
      .check(
        z.trim(),
        z.minLength(1, 'name the credit system'),
        z.maxLength(120, 'must be at most 120 characters'),
      ),
    unit: z.enum(creditUnits, { message: `must be one of ${creditUnits.join(', ')}` }),
    creditsPerSemester: z
      .number({ message: 'must be a number, such as 16 or 30' })
      .check(z.describe('Credits of a full-time semester’s workload (30 for ECTS and UCTS)')),
    alsoWrittenAs: z
      .optional(
        z
          .array(z.enum(creditUnits, { message: `must be one of ${creditUnits.join(', ')}` }))
          .check(z.maxLength(5)),
      )
      .check(
        z.describe('Other units its courses are recorded in for the same credit (HKCC: credit and unit)'),
      ),
  }),
);

export const scaleGrade = lazySchema(() =>
  z.object({
    grade: z
      .string()
      .check(
        z.maxLength(12, 'must be at most 12 characters'),
        z.describe('As the transcript writes it: A-, 1.3, HD'),
      ),
    ucts: uctsGrade,
  }),
);

export const gradeScale = lazySchema(() =>
  z.object({
    id: z.string(),
    version: z.string().check(z.describe('The grading version it was published in')),
    grades: z.array(scaleGrade).check(z.describe('Best first')),
  }),
);

export const institutionGrading = lazySchema(() =>
  z.object({
    institutionId: z.string(),
    version: z.number(),
    creditSystem,
    gradeScale,
    publishedBy: z.string(),
    publishedAt: z.string(),
  }),
);

// ---- the preview ----

const figure = lazySchema(() =>
  z.object({
    value: z.number(),
    approximate: z.boolean().check(z.describe('Cut to 4 decimals and shown with ≈')),
  }),
);

export const conversionStep = lazySchema(() =>
  z.object({
    kind: z.enum([
      'grade',
      'lowest-grade',
      'pass',
      'to-ucts',
      'to-home',
      'earned',
      'carried',
      'cap',
      'allocate',
      'round',
      'result',
    ]),
    label: z.string(),
    from: z.string(),
    to: z.string(),
    formula: z.string(),
  }),
);

const convertedGrade = lazySchema(() =>
  z.object({
    hostGrade: z.string(),
    scaleGrade: z.string(),
    scaleId: z.string(),
    scaleVersion: z.string(),
    ucts: uctsGrade,
    pass: z.boolean(),
  }),
);

const conversionFailure = lazySchema(() =>
  z.object({
    kind: z.string(),
    field: z.string(),
    message: z.string(),
    grade: z.optional(z.string()),
    known: z.optional(z.array(z.string())),
  }),
);

/** One application's conversion: the outcome, the credits, each course's figures, every step. */
export const applicationConversionResult = lazySchema(() =>
  z.union([
    z.object({
      ok: z.literal(true),
      ref: z.string(),
      ruleVersion: z.string(),
      outcome: z.enum(['transfer', 'no-credit', 'awaiting-grade']),
      homeGrade: z.optional(z.string()).check(z.describe('"T" when credit transfers')),
      lowestGrade: z.optional(uctsGrade),
      reason: z.optional(z.enum(['failing-grade', 'below-minimum-grade', 'no-credits-earned'])),
      explanation: z.optional(z.string()),
      credits: z.number().check(z.describe('HKUST credits transferred with the grades given')),
      creditsIfPassed: z.number(),
      fullyCovered: z.boolean(),
      incoming: z.array(
        z.object({
          code: z.string(),
          credits: z.number(),
          creditUnit: z.enum(creditUnits),
          grade: z.optional(convertedGrade),
          ucts: figure,
          homeCredits: figure,
        }),
      ),
      home: z.array(
        z.object({ code: z.string(), carries: z.number(), ifPassed: z.number(), transferred: z.number() }),
      ),
      steps: z.array(conversionStep),
    }),
    z.object({ ok: z.literal(false), ref: z.string(), failure: conversionFailure }),
  ]),
);

export const publishedRule = lazySchema(() =>
  z.object({ version: z.string(), statements: z.array(z.string()) }),
);

export const conversionPreview = lazySchema(() =>
  z.object({
    recordId: z.string(),
    institutionId: z.string(),
    institutionName: z.string(),
    transferTerm: z.string(),
    creditSystem,
    gradeScale,
    gradingVersion: z.number(),
    ruleVersion: z.string(),
    publishedRule,
    mappings: z
      .array(
        z.object({
          ref: z.string(),
          incomingCourses: z.array(incomingCourse),
          homeCourses: z.array(mappedHomeCourse),
        }),
      )
      .check(z.describe('The mappings previewed, in the order asked')),
    applications: z.array(applicationConversionResult),
    totalCredits: z
      .number()
      .check(z.describe('HKUST credits the applications transfer together with the grades given')),
    awaitingGradeCredits: z
      .number()
      .check(z.describe('HKUST credits of the applications still awaiting a grade, if they pass')),
    steps: z.array(conversionStep),
  }),
);

const gradingChange = lazySchema(() =>
  z.object(
    {
      creditSystem,
      gradeScale: z.object({
        id: z
          .string()
          .check(
            z.trim(),
            z.minLength(1, 'name the grade scale'),
            z.maxLength(64, 'must be at most 64 characters'),
          ),
        grades: z.array(scaleGrade).check(z.maxLength(120, 'at most 120 grades')),
      }),
      version: z.number().check(z.int(), z.nonnegative(), z.describe('The version read (0 for the first)')),
    },
    { message: 'must be a JSON object with creditSystem, gradeScale and version' },
  ),
);

export const conversionContracts = {
  getInstitutionGrading: jsonOperation(() => ({
    request: z.object({
      path: z.object({ institutionId }),
      query: z.object({
        version: z.optional(
          z.coerce.number({ message: 'must be a version number' }).check(z.int(), z.positive()),
        ),
      }),
    }),
    responses: { 200: institutionGrading },
  })),
  publishInstitutionGrading: jsonOperation(() => ({
    request: z.object({ path: z.object({ institutionId }), body: gradingChange }),
    responses: { 200: institutionGrading },
  })),
  previewConversion: jsonOperation(() => ({
    request: z.object({
      path: z.object({ recordId }),
      body: z.object(
        {
          applications: z
            .array(
              z.object({
                ref,
                grades: z._default(
                  z
                    .array(
                      z.object({
                        code: z.string().check(z.maxLength(40)),
                        grade: z
                          .optional(z.string().check(z.maxLength(12, 'must be at most 12 characters')))
                          .check(z.describe('On the host scale; left out while it is not available')),
                      }),
                    )
                    .check(z.maxLength(6)),
                  [],
                ),
              }),
            )
            .check(
              z.minLength(1, 'choose at least one approved mapping'),
              z.maxLength(30, 'at most 30 mappings'),
            ),
        },
        { message: 'must be a JSON object with applications' },
      ),
    }),
    responses: { 200: conversionPreview },
  })),
};

export type InstitutionGradingView = z.output<typeof institutionGrading>;
export type ConversionPreviewView = z.output<typeof conversionPreview>;
export type ApplicationConversionView = z.output<typeof applicationConversionResult>;
export type ConversionStepView = z.output<typeof conversionStep>;
