// The guide's limit for a supporting document ("PDF • Max 10MB"): the API contract's, held to by the
// presigned POST policy and re-checked by the hook.
export { maxUploadBytes as maxDocumentBytes } from '../contracts.js';
