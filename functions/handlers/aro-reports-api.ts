import { httpApi } from '../commons/http.js';

export const handler = httpApi('aro-reports-api', {});
