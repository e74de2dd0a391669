/**
 * `npm run fake-biosamples`: a local BioSamples and Webin for manual runs (and the devel compose).
 *
 * FAKE_BIOSAMPLES_PORT (default 8089), FAKE_BIOSAMPLES_HOST (default 0.0.0.0),
 * FAKE_BIOSAMPLES_LATENCY_MS (default 0), FAKE_BIOSAMPLES_FAULTS (JSON, e.g.
 * '{"reserve":{"dropRate":0.02},"put":{"errorRate":0.1}}'), FAKE_WEBIN_ACCOUNTS
 * ("Webin-12345:password,Webin-67890:other"; default the test accounts), FAKE_WEBIN_TOKEN_SECONDS.
 * While running: GET /_fake/counters, GET /_fake/samples, POST /_fake/faults (JSON as above).
 */
import { DEFAULT_ACCOUNTS, startFakeBioSamples } from '../test/fakes/biosamples.js';

const env = process.env;

function accounts() {
  if (!env.FAKE_WEBIN_ACCOUNTS) return DEFAULT_ACCOUNTS;
  return env.FAKE_WEBIN_ACCOUNTS.split(',').map((pair) => {
    const at = pair.indexOf(':');
    if (at < 1) throw new Error(`FAKE_WEBIN_ACCOUNTS: "${pair}" is not username:password`);
    return { username: pair.slice(0, at).trim(), password: pair.slice(at + 1) };
  });
}

const fake = await startFakeBioSamples({
  port: Number(env.FAKE_BIOSAMPLES_PORT ?? 8089),
  host: env.FAKE_BIOSAMPLES_HOST ?? '0.0.0.0',
  latencyMs: Number(env.FAKE_BIOSAMPLES_LATENCY_MS ?? 0),
  faults: env.FAKE_BIOSAMPLES_FAULTS ? JSON.parse(env.FAKE_BIOSAMPLES_FAULTS) : {},
  accounts: accounts(),
  tokenLifetimeSeconds: env.FAKE_WEBIN_TOKEN_SECONDS ? Number(env.FAKE_WEBIN_TOKEN_SECONDS) : undefined,
});

console.log(`Fake BioSamples listening. Point InjectTool at it with:
  BIOSAMPLES_URL=${fake.url}
  WEBIN_AUTH_URL=${fake.webinAuthUrl}
Webin accounts: ${fake.accounts.map((a) => `${a.username} / ${a.password}`).join(', ')}
Counters: ${new URL(fake.url).origin}/_fake/counters`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void fake.close().then(() => process.exit(0));
  });
}
