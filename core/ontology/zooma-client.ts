import { config } from '../config.js';
import { getJson } from './http-json.js';
import { ontologyOf, shortIdOf } from './term-ids.js';

interface ZoomaAnnotationJson {
  annotatedProperty?: { propertyType?: string | null; propertyValue?: string };
  semanticTags?: string[];
  confidence?: string;
}

/** A Zooma suggestion kept: only HIGH and GOOD confidence (MEDIUM and LOW are guesses). */
export interface ZoomaMatch {
  term: string;
  confidence: 'high' | 'good';
  /** The text Zooma matched. */
  text: string;
}

/** The Zooma client (ZOOMA_URL): free text → an ontology term, searched only in the given ontologies. */
export function zoomaClient(baseUrl = config().ontology.zoomaUrl) {
  /** The best HIGH, else GOOD, annotation of `text` with a term from `ontologies`; null when none is sure enough. */
  async function annotate(text: string, ontologies: readonly string[], propertyTypes: readonly string[] = [], signal?: AbortSignal): Promise<ZoomaMatch | null> {
    const query = new URLSearchParams({
      propertyValue: text,
      // required:[none] leaves out Zooma's curated datasources, so only the named ontologies answer.
      filter: `required:[none],ontologies:[${ontologies.join(',')}]`,
    });
    const annotations = await getJson<ZoomaAnnotationJson[]>(`${baseUrl}/services/annotate?${query}`, { service: 'Zooma', signal });
    const types = new Set(propertyTypes.map((t) => t.toLowerCase()));
    const allowed = new Set(ontologies.map((o) => o.toLowerCase()));
    const usable = (Array.isArray(annotations) ? annotations : []).flatMap((a) => {
      const type = a.annotatedProperty?.propertyType;
      if (type && !types.has(type.toLowerCase())) return [];
      const tags = (a.semanticTags ?? []).map(shortIdOf).filter((t) => allowed.has(ontologyOf(t)));
      // One tag only: a combination of several terms does not name one term.
      if (tags.length !== 1) return [];
      return [{ term: tags[0], confidence: (a.confidence ?? '').toLowerCase(), text: a.annotatedProperty?.propertyValue ?? text }];
    });
    const best = usable.find((a) => a.confidence === 'high') ?? usable.find((a) => a.confidence === 'good');
    return best ? { term: best.term, confidence: best.confidence as 'high' | 'good', text: best.text } : null;
  }

  return { annotate };
}

export type ZoomaClient = ReturnType<typeof zoomaClient>;
