import { httpApi } from '../commons/http.js';

export const handler = httpApi('records-office-api', {});
