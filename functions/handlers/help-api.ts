import { httpApi } from '../commons/http.js';

export const handler = httpApi('help-api', {});
