import { afterEach, describe, expect, it } from '@jest/globals';
import { ConfigError, config, loadConfig, overrideConfig } from '../config.js';
import { isTestServer, PRODUCTION_BIOSAMPLES_URL } from './target.js';

const env = (extra: Record<string, string>) => ({ SECRET_KEY: 'x'.repeat(40), ...extra });
const original = { ...config().biosamples };
afterEach(() => overrideConfig((c) => Object.assign(c.biosamples, original)));

describe('which BioSamples records go to', () => {
  it('is the test server by default, shown as such', () => {
    expect(loadConfig(env({})).biosamples).toMatchObject({ url: 'https://wwwdev.ebi.ac.uk/biosamples', production: false });
    overrideConfig((c) => Object.assign(c.biosamples, loadConfig(env({})).biosamples));
    expect(isTestServer()).toBe(true);
  });

  it('is production only with the production URL and the explicit opt-in together', () => {
    const settings = loadConfig(env({ BIOSAMPLES_URL: `${PRODUCTION_BIOSAMPLES_URL}/`, BIOSAMPLES_PRODUCTION: 'true' })).biosamples;
    overrideConfig((c) => Object.assign(c.biosamples, settings));
    expect(isTestServer()).toBe(false);
  });

  it('refuses to start, with one line naming the setting, when only one of the two says production', () => {
    expect(() => loadConfig(env({ BIOSAMPLES_URL: PRODUCTION_BIOSAMPLES_URL }))).toThrow(ConfigError);
    expect(() => loadConfig(env({ BIOSAMPLES_URL: PRODUCTION_BIOSAMPLES_URL }))).toThrow(
      /^BIOSAMPLES_URL=https:\/\/www\.ebi\.ac\.uk\/biosamples is the production BioSamples: set BIOSAMPLES_PRODUCTION=true to submit there/,
    );
    expect(() => loadConfig(env({ BIOSAMPLES_PRODUCTION: 'true' }))).toThrow(
      'BIOSAMPLES_PRODUCTION=true but BIOSAMPLES_URL=https://wwwdev.ebi.ac.uk/biosamples is not the production BioSamples (https://www.ebi.ac.uk/biosamples)',
    );
  });

  it('treats a local server as a test server even with a production-looking path', () => {
    overrideConfig((c) => Object.assign(c.biosamples, { url: 'http://127.0.0.1:5000/biosamples', production: false }));
    expect(isTestServer()).toBe(true);
  });
});
