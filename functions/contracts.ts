import { applicationContracts } from './applications/contracts.js';
import type { OperationContract } from './commons/contracts.js';
import { conversionContracts } from './conversion/contracts.js';
import { signedDecisionContracts } from './decisions/contracts.js';
import { helpContracts } from './help/contracts.js';
import { mappingContracts } from './mappings/contracts.js';
import { provisioningContracts } from './provisioning/contracts.js';
import { recordContracts } from './records/contracts.js';
import { referenceDataContracts } from './reference-data/contracts.js';
import { reportContracts } from './reports/contracts.js';
import { reviewContracts } from './reviews/contracts.js';
import { transcriptContracts } from './transcripts/contracts.js';
import { uploadContracts } from './uploads/contracts.js';

// Every operation of the route table and its contract (DESIGN decision 10); the OpenAPI document and
// the web client look operations up in this one map, and the types of every handler come from it.
// A handler is given only its own capabilities' maps at run time (commons/http.ts), so a function
// loads no other capability's schemas. A new operation is declared in its capability's contracts.ts
// and spread in below. That the keys are exactly the route table's operations is checked where both
// meet (commons/http.ts), so this index imports contracts only.

export const contracts = {
  ...recordContracts,
  ...mappingContracts,
  ...uploadContracts,
  ...reviewContracts,
  ...transcriptContracts,
  ...applicationContracts,
  ...conversionContracts,
  ...referenceDataContracts,
  ...provisioningContracts,
  ...signedDecisionContracts,
  ...helpContracts,
  ...reportContracts,
} as const satisfies Record<string, OperationContract>;

export type Contracts = typeof contracts;
export type Operation = keyof Contracts;
export type ContractOf<O extends Operation> = Contracts[O];
