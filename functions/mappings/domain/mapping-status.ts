// Course mapping statuses and the actions the guide offers for each (guide §4).

export const mappingStatuses = [
  'Request Initiated',
  'Under Review',
  'Need Further Info',
  'Approved',
  'Denied',
  'Expired',
] as const;
export type MappingStatus = (typeof mappingStatuses)[number];

/** Statuses of a mapping still in the review process: not yet decided. */
export const pendingMappingStatuses: readonly MappingStatus[] = [
  'Request Initiated',
  'Under Review',
  'Need Further Info',
];

export const isPendingMapping = (status: MappingStatus): boolean => pendingMappingStatuses.includes(status);

/** The mapping waits for the student, not for a reviewer: it belongs on the To Do List. */
export const awaitsStudent = (status: MappingStatus): boolean => status === 'Need Further Info';
