import { httpApi } from '../commons/http.js';

export const handler = httpApi('reference-data-api', {});
