import { config } from '../config.js';
import { getJson, HttpStatusError } from './http-json.js';
import { iriOf, ontologyOf } from './term-ids.js';

/** What validation keeps of an OLS term. */
export interface OlsTerm {
  term: string;
  iri: string;
  label: string;
  synonyms: string[];
  ontology: string;
  /** Short ids of every hierarchical ancestor. */
  ancestors: string[];
}

interface OlsTermJson {
  iri: string;
  label: string;
  synonyms?: string[] | null;
  ontology_name: string;
  is_defining_ontology?: boolean;
  short_form?: string;
}

interface OlsPage {
  _embedded?: { terms?: OlsTermJson[] };
  _links?: { next?: { href: string } };
}

const MAX_ANCESTOR_PAGES = 20;

/** The OLS4 client (OLS_URL): term by short id, then its ancestors. */
export function olsClient(baseUrl = config().ontology.olsUrl) {
  const get = <T>(url: string) => getJson<T>(url, { service: 'OLS' });

  /** The term as its defining ontology states it, or null when OLS knows no such term. */
  async function lookupTerm(term: string): Promise<OlsTerm | null> {
    let page: OlsPage;
    try {
      page = await get<OlsPage>(`${baseUrl}/terms?id=${encodeURIComponent(term)}&size=100`);
    } catch (err) {
      if (err instanceof HttpStatusError && err.status === 404) return null;
      throw err;
    }
    const hits = (page._embedded?.terms ?? []).filter((t) => !t.short_form || t.short_form === term);
    // The same term is imported by many ontologies; only its defining one is authoritative.
    const hit = hits.find((t) => t.is_defining_ontology) ?? hits.find((t) => t.ontology_name === ontologyOf(term));
    if (!hit) return null;
    return {
      term,
      iri: hit.iri || iriOf(term),
      label: hit.label,
      synonyms: hit.synonyms ?? [],
      ontology: hit.ontology_name,
      ancestors: await ancestorsOf(hit.ontology_name, hit.iri || iriOf(term)),
    };
  }

  async function ancestorsOf(ontology: string, iri: string): Promise<string[]> {
    // OLS wants the IRI URL-encoded twice in a path segment.
    const encoded = encodeURIComponent(encodeURIComponent(iri));
    let url: string | undefined = `${baseUrl}/ontologies/${encodeURIComponent(ontology)}/terms/${encoded}/hierarchicalAncestors?size=500`;
    const out = new Set<string>();
    for (let n = 0; url && n < MAX_ANCESTOR_PAGES; n++) {
      let page: OlsPage;
      try {
        page = await get<OlsPage>(url);
      } catch (err) {
        if (err instanceof HttpStatusError && err.status === 404) break;
        throw err;
      }
      for (const t of page._embedded?.terms ?? []) out.add(t.short_form ?? t.iri.slice(t.iri.lastIndexOf('/') + 1));
      url = page._links?.next?.href;
    }
    return [...out];
  }

  return { lookupTerm };
}

export type OlsClient = ReturnType<typeof olsClient>;
