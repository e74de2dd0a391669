import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { resourcesDir } from '../../core/paths.js';
import { FakeWebin, type WebinAccount } from './webin.js';
import {
  REASONS, Answer, springError, checkChecklist, checkMandatoryFields, checkNewSample, checkShape, checkTaxonomy,
  characteristic, relationshipsOf, type ChecklistError, type SampleBody,
} from './biosamples-rules.js';
import { FaultInjector, type FaultSettings, type FaultKind, type FakeRoute } from './biosamples-faults.js';

export type { FaultSettings, FaultStep, RouteFaults, FakeRoute } from './biosamples-faults.js';
export type { WebinAccount } from './webin.js';

/**
 * A local BioSamples (and Webin token service) for tests, benchmarks and manual runs: a real HTTP
 * server keeping samples in memory, answering as BIOSAMPLES.md describes, with latency and fault
 * injection (errors and 429 before processing; dropped or stalled connections after the sample was
 * stored, the worst case for duplicates) and counters to prove "one accession per record".
 */

export interface FakeBioSamplesOptions {
  port?: number;
  host?: string;
  accounts?: WebinAccount[];
  tokenLifetimeSeconds?: number;
  /** Added to every request (or per route) before it is processed. */
  latencyMs?: number | Partial<Record<FakeRoute, number>>;
  faults?: FaultSettings;
  /** Seed of the random faults, so a failing run can be replayed. */
  seed?: number;
  /** Scientific name → NCBI taxon id the "ENA taxonomy" knows; default: the species vocabulary and Homo sapiens. */
  taxonomy?: Record<string, number>;
  /** Checklist validation: biovalidator errors for a sample (none by default). */
  checklist?: (sample: SampleBody) => ChecklistError[];
  /** Refuse relationships to accessions the fake does not hold (default true; the real server accepts them). */
  strictRelationships?: boolean;
  /** How long a written sample takes to appear in search (the real index is updated asynchronously). */
  searchLagMs?: number;
  firstAccessionNumber?: number;
}

export interface StoredSample {
  accession: string;
  /** Webin id of the account that created it. */
  owner: string;
  /** What the submitter sent, without the fields the server manages. */
  body: SampleBody;
  release: string;
  create: string;
  update: string;
  taxId: number | null;
  /** Epoch ms from which search finds it. */
  searchableFrom: number;
}

export interface RequestRecord {
  route: FakeRoute | 'other';
  method: string;
  path: string;
  /** performance.now() when the request arrived and when the answer left (or the connection was cut). */
  receivedAt: number;
  finishedAt?: number;
  headers: http.IncomingHttpHeaders;
  status?: number;
  fault?: FaultKind;
}

export interface FakeCounters {
  requests: Record<FakeRoute | 'other', number>;
  /** Samples created (POST or reserved) per `name`, and per `InjectTool alias` characteristic. */
  creations: Map<string, number>;
  creationsByAlias: Map<string, number>;
  /** Accepted PUTs per accession. */
  puts: Map<string, number>;
  faults: Record<FaultKind, number>;
  inFlight: number;
  maxInFlight: number;
  log: RequestRecord[];
}

export interface FakeBioSamples {
  /** BIOSAMPLES_URL for clients, e.g. http://127.0.0.1:5123/biosamples */
  url: string;
  /** WEBIN_AUTH_URL for clients. */
  webinAuthUrl: string;
  accounts: WebinAccount[];
  samples: Map<string, StoredSample>;
  counters: FakeCounters;
  setFaults(faults: FaultSettings): void;
  setLatency(latency: FakeBioSamplesOptions['latencyMs']): void;
  setTokenLifetime(seconds: number): void;
  /** Every token issued so far stops working (requests with them get 401). */
  revokeTokens(): void;
  /** A valid token for one of the accounts, without going through HTTP. */
  tokenFor(username: string): string;
  /** Samples carrying this `InjectTool alias`. */
  samplesWithAlias(alias: string): StoredSample[];
  resetCounters(): void;
  close(): Promise<void>;
}

export const DEFAULT_ACCOUNTS: WebinAccount[] = [
  { username: 'Webin-12345', password: 'webin-test-password' },
  { username: 'Webin-67890', password: 'other-test-password' },
];

const ALIAS = 'InjectTool alias';

export async function startFakeBioSamples(options: FakeBioSamplesOptions = {}): Promise<FakeBioSamples> {
  const webin = new FakeWebin(options.accounts ?? DEFAULT_ACCOUNTS, options.tokenLifetimeSeconds);
  const faults = new FaultInjector(options.faults ?? {}, options.seed ?? 1);
  const taxonomy = taxonomyFrom(options.taxonomy);
  const strict = options.strictRelationships ?? true;
  const samples = new Map<string, StoredSample>();
  const inbound = new Map<string, Set<string>>();
  const stalled = new Set<http.ServerResponse>();
  const counters = emptyCounters();
  let latency = options.latencyMs ?? 0;
  let nextNumber = options.firstAccessionNumber ?? 7_000_000;
  let origin = '';

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, springError(500, String(err), req.url ?? ''));
    });
  });
  server.keepAliveTimeout = 5000;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const route = routeOf(req.method ?? 'GET', url.pathname);
    const record: RequestRecord = { route: route?.name ?? 'other', method: req.method ?? '', path: url.pathname + url.search, receivedAt: performance.now(), headers: req.headers };
    counters.log.push(record);
    counters.requests[record.route]++;
    counters.inFlight++;
    counters.maxInFlight = Math.max(counters.maxInFlight, counters.inFlight);
    const finish = (status: number | undefined) => {
      counters.inFlight--;
      record.finishedAt = performance.now();
      record.status = status;
    };
    const body = await readBody(req);
    const delay = typeof latency === 'number' ? latency : (latency[route?.name as FakeRoute] ?? 0);
    if (delay > 0) await sleep(delay);
    if (url.pathname.startsWith('/_fake/')) return (send(res, control(req.method ?? '', url.pathname, body)), finish(res.statusCode));
    if (!route) return (send(res, notFound(req.method ?? '', url.pathname)), finish(res.statusCode));

    const { early, late: after } = faults.decide(route.name, url.pathname);
    if (early) {
      record.fault = early.kind;
      counters.faults[early.kind]++;
      send(res, early.answer, early.headers);
      return finish(early.answer.status);
    }
    const answer = processRequest(route, req, url, body);
    if (after) {
      record.fault = after;
      counters.faults[after]++;
      if (after === 'drop') {
        // The sample is stored; the client never hears about it.
        res.socket?.destroy();
        return finish(undefined);
      }
      stalled.add(res);
      res.on('close', () => {
        stalled.delete(res);
        finish(undefined);
      });
      return;
    }
    send(res, answer.refusal ?? answer.ok!, answer.headers);
    finish(res.statusCode);
  }

  interface Outcome {
    refusal?: Answer;
    ok?: Answer;
    headers?: Record<string, string>;
  }

  function processRequest(route: MatchedRoute, req: http.IncomingMessage, url: URL, raw: string): Outcome {
    const p = url.pathname;
    if (route.name === 'token') return token(raw, p);
    const principal = req.headers.authorization ? webin.verify(req.headers.authorization) : null;
    if (req.headers.authorization && !principal) return { refusal: springError(401, REASONS.unauthorized, p) };
    if (route.name === 'get') {
      const refusal = readSample(route.accession!, principal);
      return refusal ? { refusal } : { ok: json(200, present(samples.get(route.accession!)!, true)) };
    }
    if (route.name === 'search') return search(url, principal);
    if (!principal) return { refusal: springError(401, REASONS.unauthorized, p) };
    if (!/^application\/(.+\+)?json/i.test(req.headers['content-type'] ?? '')) {
      return { refusal: springError(415, `Content-Type '${req.headers['content-type'] ?? ''}' is not supported`, p) };
    }
    let sample: unknown;
    try {
      sample = JSON.parse(raw);
    } catch (err) {
      return { refusal: springError(400, `JSON parse error: ${(err as Error).message}`, p) };
    }
    const shape = checkShape(sample, p);
    if (shape) return { refusal: shape };
    if (route.name === 'put') return update(route.accession!, sample as SampleBody, principal, p);
    return create(sample as SampleBody, principal, p, route.name === 'reserve');
  }

  function token(raw: string, p: string): Outcome {
    let request: { username?: unknown; password?: unknown; authRealms?: unknown };
    try {
      request = JSON.parse(raw);
    } catch {
      return { refusal: springError(400, 'Malformed authentication request', p) };
    }
    const principal = webin.login(request.username, request.password);
    if (!principal || !Array.isArray(request.authRealms) || !request.authRealms.includes('ENA')) {
      return { refusal: new Answer(401, 'Invalid username or password', 'text/plain;charset=UTF-8') };
    }
    return { ok: new Answer(200, webin.issue(principal), 'text/plain;charset=UTF-8') };
  }

  function create(sample: SampleBody, principal: string, p: string, reserve: boolean): Outcome {
    const refusal = checkNewSample(sample, p, !reserve) ?? (reserve ? null : checkChecklist(sample, options.checklist));
    if (refusal) return { refusal };
    let taxId: number | null = null;
    if (!reserve) {
      const taxon = checkTaxonomy(sample, taxonomy, p);
      if (taxon instanceof Answer) return { refusal: taxon };
      taxId = taxon;
    }
    const invalid = checkMandatoryFields(sample, strict ? (a) => samples.has(a) : null, !reserve);
    if (invalid) return { refusal: invalid };
    const now = instant(new Date());
    // A reservation is stored private: its release is put a century ahead (SamplesRestController).
    const release = reserve ? instant(new Date(Date.now() + 100 * 365.25 * 86_400_000)) : instant(new Date(String(sample.release)));
    const accession = `SAMEA${nextNumber++}`;
    const stored: StoredSample = {
      accession, owner: principal, body: submitted(sample), release, create: now, update: now, taxId,
      searchableFrom: Date.now() + (options.searchLagMs ?? 0),
    };
    store(stored);
    bump(counters.creations, String(sample.name));
    const alias = characteristic(sample, ALIAS)?.[0]?.text;
    if (typeof alias === 'string') bump(counters.creationsByAlias, alias);
    const body = present(stored, false);
    return { ok: json(201, body), headers: { Location: selfHref(accession) } };
  }

  function update(accession: string, sample: SampleBody, principal: string, p: string): Outcome {
    if (sample.accession !== accession) return { refusal: springError(400, REASONS.accessionMismatch, p) };
    const old = samples.get(accession);
    if (!old) return { refusal: springError(400, REASONS.accessionUnknown, p) };
    if (old.owner.toLowerCase() !== principal.toLowerCase()) return { refusal: springError(403, REASONS.notOriginalSubmitter, p) };
    const refusal = checkChecklist(sample, options.checklist);
    if (refusal) return { refusal };
    const taxon = checkTaxonomy(sample, taxonomy, p);
    if (taxon instanceof Answer) return { refusal: taxon };
    const invalid = checkMandatoryFields(sample, strict ? (a) => samples.has(a) : null, true);
    if (invalid) return { refusal: invalid };
    const stored: StoredSample = {
      ...old, body: submitted(sample), release: instant(new Date(String(sample.release))), update: instant(new Date()), taxId: taxon,
    };
    store(stored);
    bump(counters.puts, accession);
    return { ok: json(200, present(stored, false)) };
  }

  function readSample(accession: string, principal: string | null): Answer | null {
    const sample = samples.get(accession);
    // Both refusals have an empty body (their controller advices pass null).
    if (!sample) return new Answer(404, '', 'application/json');
    if (isPrivate(sample) && sample.owner !== principal) return new Answer(403, '', 'application/json');
    return null;
  }

  function search(url: URL, principal: string | null): Outcome {
    const size = Number(url.searchParams.get('size') ?? 20);
    const page = Number(url.searchParams.get('page') ?? 0);
    if (size > 200 || page > 500) {
      return { refusal: springError(400, "BioSamples pagination using 'page' and 'size' parameters are limited due to performance reasons. (max page = 500 and max page size = 200). Please use 'cursor' and 'size' for pagination and crawling. You can find more information about using cursor in our documentation", url.pathname) };
    }
    const filters = url.searchParams.getAll('filter').map(parseFilter);
    const now = Date.now();
    const found = [...samples.values()].filter(
      (s) => s.searchableFrom <= now && (!isPrivate(s) || s.owner === principal) && filters.every((f) => f(s)),
    );
    const pageItems = found.slice(page * size, page * size + size).map((s) => present(s, true));
    const body: Record<string, unknown> = {};
    // Spring HATEOAS leaves `_embedded` out entirely when nothing matched.
    if (pageItems.length) body._embedded = { samples: pageItems };
    body._links = { self: { href: `${origin}${url.pathname}${url.search}` } };
    body.page = { size, totalElements: found.length, totalPages: Math.ceil(found.length / size), number: page };
    return { ok: json(200, body) };
  }

  function store(sample: StoredSample): void {
    const previous = samples.get(sample.accession);
    for (const rel of previous ? relationshipsOf(previous.body) : []) inbound.get(String(rel.target))?.delete(sample.accession);
    samples.set(sample.accession, sample);
    for (const rel of relationshipsOf(sample.body)) {
      const target = String(rel.target);
      if (!inbound.has(target)) inbound.set(target, new Set());
      inbound.get(target)!.add(sample.accession);
    }
  }

  /** The sample as BioSamples answers it: HAL, with server fields and the reverse relationships. */
  function present(sample: StoredSample, withInbound: boolean): Record<string, unknown> {
    const own = relationshipsOf(sample.body);
    const reverse = withInbound
      ? [...(inbound.get(sample.accession) ?? [])].flatMap((source) =>
          relationshipsOf(samples.get(source)?.body ?? {}).filter((r) => r.target === sample.accession))
      : [];
    return {
      name: sample.body.name,
      accession: sample.accession,
      webinSubmissionAccountId: sample.owner,
      ...(sample.taxId ? { taxId: sample.taxId } : {}),
      status: isPrivate(sample) ? 'PRIVATE' : 'PUBLIC',
      release: sample.release,
      update: sample.update,
      submitted: sample.create,
      ...sample.body,
      characteristics: sample.body.characteristics ?? {},
      ...(own.length || reverse.length ? { relationships: [...own, ...reverse] } : {}),
      releaseDate: sample.release.slice(0, 10),
      updateDate: sample.update.slice(0, 10),
      submittedVia: 'JSON_API',
      create: sample.create,
      _links: {
        self: { href: selfHref(sample.accession) },
        curationDomain: { href: `${selfHref(sample.accession)}{?curationdomain}`, templated: true },
        curationLinks: { href: `${selfHref(sample.accession)}/curationlinks` },
        curationLink: { href: `${selfHref(sample.accession)}/curationlinks/{hash}`, templated: true },
      },
    };
  }

  /** Inspection and remote control for a fake started by `npm run fake-biosamples`. */
  function control(method: string, pathname: string, raw: string): Answer {
    if (pathname === '/_fake/counters') {
      return json(200, { ...counters, creations: Object.fromEntries(counters.creations), creationsByAlias: Object.fromEntries(counters.creationsByAlias), puts: Object.fromEntries(counters.puts), log: counters.log.length });
    }
    if (pathname === '/_fake/samples') return json(200, [...samples.values()]);
    if (pathname === '/_fake/faults' && method === 'POST') {
      faults.set(JSON.parse(raw || '{}') as FaultSettings);
      return json(200, { ok: true });
    }
    return notFound(method, pathname);
  }

  function selfHref(accession: string): string {
    return `${origin}/biosamples/samples/${accession}`;
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
  origin = `http://${host}:${address.port}`;

  return {
    url: `${origin}/biosamples`,
    webinAuthUrl: `${origin}/ena/submit/webin/auth/token`,
    accounts: webin.accounts,
    samples,
    counters,
    setFaults: (f) => faults.set(f),
    setLatency: (l) => {
      latency = l ?? 0;
    },
    setTokenLifetime: (seconds) => {
      webin.tokenLifetimeSeconds = seconds;
    },
    revokeTokens: () => webin.revokeTokens(),
    tokenFor: (username) => {
      const account = webin.accounts.find((a) => a.username === username);
      if (!account) throw new Error(`No fake Webin account ${username}`);
      return webin.issue(account.webinId ?? account.username);
    },
    samplesWithAlias: (alias) => [...samples.values()].filter((s) => characteristic(s.body, ALIAS)?.some((v) => v.text === alias)),
    resetCounters: () => Object.assign(counters, { ...emptyCounters(), inFlight: counters.inFlight }),
    close: async () => {
      for (const res of stalled) res.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface MatchedRoute {
  name: FakeRoute;
  accession?: string;
}

function routeOf(method: string, pathname: string): MatchedRoute | null {
  if (pathname === '/ena/submit/webin/auth/token' && method === 'POST') return { name: 'token' };
  if (pathname === '/biosamples/samples') {
    if (method === 'POST') return { name: 'create' };
    if (method === 'GET') return { name: 'search' };
  }
  if (pathname === '/biosamples/samples/accession' && method === 'POST') return { name: 'reserve' };
  const accession = /^\/biosamples\/samples\/([^/]+)$/.exec(pathname)?.[1];
  if (accession && method === 'GET') return { name: 'get', accession: decodeURIComponent(accession) };
  if (accession && method === 'PUT') return { name: 'put', accession: decodeURIComponent(accession) };
  return null;
}

function notFound(method: string, pathname: string): Answer {
  const known = pathname.startsWith('/biosamples/samples') || pathname === '/ena/submit/webin/auth/token';
  return known ? springError(405, `Request method '${method}' is not supported`, pathname) : springError(404, 'No message available', pathname);
}

/** `attr:<name>:<value>` (name up to the first colon, value the rest) and `acc:<accession>`. */
function parseFilter(filter: string): (s: StoredSample) => boolean {
  const [kind, ...rest] = filter.split(':');
  if (kind === 'acc') return (s) => s.accession === rest.join(':');
  if (kind === 'attr' && rest.length >= 2) {
    const [name, ...value] = rest;
    return (s) => characteristic(s.body, name)?.some((v) => String(v.text) === value.join(':')) ?? false;
  }
  return () => true;
}

/** The request body minus what the server manages itself. */
function submitted(sample: SampleBody): SampleBody {
  const { accession: _a, webinSubmissionAccountId: _w, status: _s, create: _c, update: _u, submitted: _sub, _links: _l, releaseDate: _rd, updateDate: _ud, submittedVia: _v, release: _r, taxId: _t, ...rest } = sample;
  return rest;
}

function isPrivate(sample: StoredSample): boolean {
  return Date.parse(sample.release) > Date.now();
}

/** Java's Instant.toString(): no fraction when it is zero. */
function instant(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}

function taxonomyFrom(names: Record<string, number> | undefined): Map<string, number> {
  const entries = names ?? defaultTaxonomy();
  return new Map(Object.entries(entries).map(([name, id]) => [name.toLowerCase(), id]));
}

function defaultTaxonomy(): Record<string, number> {
  const species = JSON.parse(fs.readFileSync(path.join(resourcesDir, 'vocabularies', 'species.json'), 'utf8')) as Array<{ label: string; term: string }>;
  const known: Record<string, number> = { 'Homo sapiens': 9606 };
  for (const s of species) known[s.label] = Number(s.term.replace('NCBITaxon_', ''));
  return known;
}

function emptyCounters(): FakeCounters {
  return {
    requests: { token: 0, create: 0, reserve: 0, put: 0, get: 0, search: 0, other: 0 },
    creations: new Map(),
    creationsByAlias: new Map(),
    puts: new Map(),
    faults: { error: 0, throttle: 0, drop: 0, stall: 0 },
    inFlight: 0,
    maxInFlight: 0,
    log: [],
  };
}

function json(status: number, body: unknown): Answer {
  return new Answer(status, JSON.stringify(body), 'application/hal+json');
}

function send(res: http.ServerResponse, answer: Answer, headers: Record<string, string> = {}): void {
  res.writeHead(answer.status, { 'Content-Type': answer.contentType, ...headers });
  res.end(answer.body);
}

function bump(counter: Map<string, number>, key: string): void {
  counter.set(key, (counter.get(key) ?? 0) + 1);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
