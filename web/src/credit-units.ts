// The one value the SPA takes from functions/: the credit units the API accepts. The entity module
// holds only data and pure helpers, so bundling it adds a few hundred bytes.
export { creditUnits } from '../../functions/mappings/entities/mapping.js';
