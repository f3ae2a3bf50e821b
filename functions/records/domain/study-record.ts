// Study records (guide §3): one per institution of a student's elsewhere studies.

export const studyRecordCategories = {
  'on-entry-disclosed': {
    label: 'On Entry',
    description: 'Qualifications disclosed for admissions purpose (transferred from URAO)',
    createdBy: 'URAO',
  },
  'on-entry-non-disclosed': {
    label: 'On Entry',
    description: 'Non-disclosed qualifications (added by the student)',
    createdBy: 'Student',
  },
  'hkust-organized-study-abroad': {
    label: 'HKUST-organized Study Abroad',
    description: 'Exchange and study abroad organized by the University (created by OGL)',
    createdBy: 'OGL',
  },
  'self-arranged-study-abroad': {
    label: 'Pre-approved Self-arranged Study Abroad',
    description: 'Self-arranged study abroad with pre-study approval by School (created by OGL)',
    createdBy: 'OGL',
  },
} as const;

export type StudyRecordCategory = keyof typeof studyRecordCategories;
export const studyRecordCategoryIds = Object.keys(studyRecordCategories) as StudyRecordCategory[];
