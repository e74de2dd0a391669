import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Zooma (ONTOLOGY.md §5.3): `GET /services/annotate?propertyValue=..&filter=required:[..],ontologies:[..]`
 * answers the annotations of its table for that text (case-insensitive), keeping only terms of the
 * ontologies named in the filter, as Zooma does. It records requests, can go down and be slow.
 */

export interface FakeZoomaAnnotation {
  text: string;
  /** IRI or short id of the semantic tag. */
  term: string;
  confidence: 'HIGH' | 'GOOD' | 'MEDIUM' | 'LOW';
  propertyType?: string | null;
}

const iriOf = (term: string) => (term.startsWith('http') ? term
  : `${term.startsWith('EFO_') ? 'http://www.ebi.ac.uk/efo/' : 'http://purl.obolibrary.org/obo/'}${term}`);
const ontologyOf = (term: string) => {
  const short = term.slice(term.lastIndexOf('/') + 1);
  return short.slice(0, short.indexOf('_')).toLowerCase();
};

export class FakeZooma {
  readonly requests: URL[] = [];
  latencyMs = 0;
  down: 'refused' | '503' | null = null;
  private readonly server = http.createServer((req, res) => void this.answer(req, res));

  constructor(readonly annotations: FakeZoomaAnnotation[] = []) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/spot/zooma/v2/api`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs));
    const url = new URL(req.url ?? '/', 'http://fake');
    this.requests.push(url);
    if (this.down === 'refused') return void req.socket.destroy();
    if (this.down === '503') return send(res, 503, { status: 503, error: 'Service Unavailable' });
    if (url.pathname !== '/spot/zooma/v2/api/services/annotate') return send(res, 404, { status: 404, error: 'Not Found' });
    const text = (url.searchParams.get('propertyValue') ?? '').toLowerCase();
    const ontologies = /ontologies:\[([^\]]*)\]/.exec(url.searchParams.get('filter') ?? '')?.[1].split(',').map((o) => o.trim().toLowerCase());
    const hits = this.annotations.filter((a) => a.text.toLowerCase() === text && (!ontologies || ontologies.includes(ontologyOf(a.term))));
    send(res, 200, hits.map((a) => ({
      annotatedProperty: { propertyType: a.propertyType ?? null, propertyValue: a.text },
      semanticTags: [iriOf(a.term)],
      confidence: a.confidence,
      derivedFrom: { provenance: { source: { name: 'fake-zooma' } } },
      _links: { olslinks: [{ semanticTag: iriOf(a.term), href: `https://www.ebi.ac.uk/ols4/api/terms?iri=${encodeURIComponent(iriOf(a.term))}` }] },
    })));
  }
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startFakeZooma(annotations: FakeZoomaAnnotation[] = []): Promise<FakeZooma> {
  return new FakeZooma(annotations).start();
}
