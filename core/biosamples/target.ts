import { config } from '../config.js';
import { isProductionUrl } from './production-opt-in.js';

export { PRODUCTION_BIOSAMPLES_URL } from './production-opt-in.js';

/** True unless records go to production BioSamples: the panel then shows a "TEST SERVER" banner. */
export function isTestServer(): boolean {
  const { url, production } = config().biosamples;
  return !(production && isProductionUrl(url));
}
