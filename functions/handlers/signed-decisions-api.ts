import { httpApi } from '../commons/http.js';

export const handler = httpApi('signed-decisions-api', {});
