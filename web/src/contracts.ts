// The API's response shapes, straight from the back end's own types (one source for each contract).
// Type-only: nothing of functions/ is bundled into the SPA except what is imported as a value below.

export type { Dashboard, InstitutionSummary, ToDoItem } from '../../functions/domain/dashboard.js';
export type { MappingStatus } from '../../functions/domain/mapping-status.js';
export type { Student } from '../../functions/entities/student.js';
