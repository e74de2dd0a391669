import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local OLS4 (ONTOLOGY.md §5.2) over an in-memory term table: `GET /terms?id=<short id>` answers
 * HAL `_embedded.terms` (the defining ontology's entry plus a copy imported by another ontology),
 * and `GET /ontologies/{onto}/terms/{double-encoded IRI}/hierarchicalAncestors` the ancestors,
 * paged like OLS. It counts requests, can go down (connection refused, or 503) and can be slow.
 */

export interface FakeOlsTerm {
  term: string;
  label: string;
  synonyms?: string[];
  /** Short ids of every ancestor. */
  ancestors?: string[];
}

export type OlsOutage = 'refused' | '503' | null;

const iriOf = (term: string) => `${term.startsWith('EFO_') ? 'http://www.ebi.ac.uk/efo/' : 'http://purl.obolibrary.org/obo/'}${term}`;
const ontologyOf = (term: string) => term.slice(0, term.indexOf('_')).toLowerCase();

export class FakeOls {
  readonly terms = new Map<string, FakeOlsTerm>();
  /** Every request path (with query) it answered or refused with 503. */
  readonly requests: string[] = [];
  latencyMs = 0;
  /** Page size of ancestor lists, to exercise paging. */
  ancestorPageSize = 500;
  private outage: OlsOutage = null;
  private server: http.Server;
  private port = 0;
  private readonly sockets = new Set<import('node:net').Socket>();

  constructor(terms: FakeOlsTerm[] = []) {
    for (const t of terms) this.terms.set(t.term, t);
    this.server = this.createServer();
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/ols4/api`;
  }

  get requestCount(): number {
    return this.requests.length;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    if (this.server.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** 'refused' closes the port (connections are refused); '503' answers Service Unavailable; null is back up. */
  async setOutage(outage: OlsOutage): Promise<void> {
    const wasRefused = this.outage === 'refused';
    this.outage = outage;
    if (outage === 'refused' && !wasRefused) await this.stop();
    if (outage !== 'refused' && wasRefused) {
      this.server = this.createServer();
      await this.start();
    }
  }

  private createServer(): http.Server {
    const server = http.createServer((req, res) => void this.answer(req, res));
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    return server;
  }

  private async answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs));
    const url = new URL(req.url ?? '/', 'http://fake');
    this.requests.push(url.pathname + url.search);
    if (this.outage === '503') return send(res, 503, { status: 503, error: 'Service Unavailable' });
    const path = url.pathname.replace(/^\/ols4\/api/, '');
    if (path === '/terms') return send(res, 200, this.termsPage(url.searchParams.get('id') ?? url.searchParams.get('short_form')));
    const m = /^\/ontologies\/([^/]+)\/terms\/([^/]+)\/hierarchicalAncestors$/.exec(path);
    if (m) return this.ancestors(res, decodeURIComponent(decodeURIComponent(m[2])), url);
    send(res, 404, { status: 404, error: 'Not Found', message: 'No such resource', path: url.pathname });
  }

  private termsPage(id: string | null) {
    const t = id ? this.terms.get(id.replace(':', '_')) : undefined;
    if (!t) return { page: { size: 20, totalElements: 0, totalPages: 0, number: 0 } };
    const defining = this.termJson(t, ontologyOf(t.term), true);
    const imported = { ...this.termJson(t, 'efo', false), label: `${t.label} (imported copy)` };
    return { _embedded: { terms: ontologyOf(t.term) === 'efo' ? [defining] : [imported, defining] }, page: { size: 20, totalElements: 2, totalPages: 1, number: 0 } };
  }

  private ancestors(res: http.ServerResponse, iri: string, url: URL): void {
    const term = [...this.terms.values()].find((t) => iriOf(t.term) === iri);
    if (!term) return send(res, 404, { status: 404, error: 'Not Found', path: url.pathname });
    const all = term.ancestors ?? [];
    const page = Number(url.searchParams.get('page') ?? 0);
    const size = Math.min(Number(url.searchParams.get('size') ?? 20), this.ancestorPageSize);
    const slice = all.slice(page * size, (page + 1) * size);
    const body: Record<string, unknown> = {
      _embedded: { terms: slice.map((a) => this.termJson(this.terms.get(a) ?? { term: a, label: a }, ontologyOf(a), true)) },
      page: { size, totalElements: all.length, totalPages: Math.ceil(all.length / size), number: page },
    };
    if ((page + 1) * size < all.length) {
      const next = new URL(`http://127.0.0.1:${this.port}${url.pathname}`);
      next.searchParams.set('page', String(page + 1));
      next.searchParams.set('size', String(size));
      body._links = { next: { href: next.toString() } };
    }
    send(res, 200, body);
  }

  private termJson(t: FakeOlsTerm, ontology: string, defining: boolean) {
    return {
      iri: iriOf(t.term), label: t.label, synonyms: t.synonyms ?? [], ontology_name: ontology, ontology_prefix: ontology.toUpperCase(),
      short_form: t.term, obo_id: t.term.replace('_', ':'), is_defining_ontology: defining, has_children: false,
    };
  }
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startFakeOls(terms: FakeOlsTerm[] = []): Promise<FakeOls> {
  return new FakeOls(terms).start();
}
