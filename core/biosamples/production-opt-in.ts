/** BioSamples production; anything else (wwwdev, a local fake) is a test server. */
export const PRODUCTION_BIOSAMPLES_URL = 'https://www.ebi.ac.uk/biosamples';

export const isProductionUrl = (url: string): boolean => url.replace(/\/+$/, '').toLowerCase() === PRODUCTION_BIOSAMPLES_URL;

/**
 * Why BIOSAMPLES_URL and BIOSAMPLES_PRODUCTION disagree, or null when they agree. Sending to
 * production is an explicit opt-in: the production URL alone, or the opt-in with another URL, is
 * taken for a mistake and stops start-up (core/config.ts).
 */
export function bioSamplesTargetProblem(url: string, production: boolean): string | null {
  if (isProductionUrl(url) && !production) {
    return `BIOSAMPLES_URL=${url} is the production BioSamples: set BIOSAMPLES_PRODUCTION=true to submit there, or use the test server https://wwwdev.ebi.ac.uk/biosamples`;
  }
  if (production && !isProductionUrl(url)) {
    return `BIOSAMPLES_PRODUCTION=true but BIOSAMPLES_URL=${url} is not the production BioSamples (${PRODUCTION_BIOSAMPLES_URL})`;
  }
  return null;
}
