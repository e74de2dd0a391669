import http from 'node:http';

export interface RejectionDetail {
  /** The attribute concerned, when the server names one ("biological material ID"). */
  field?: string;
  message: string;
}

export interface Rejection {
  /** One line for a curator. */
  reason: string;
  details: RejectionDetail[];
}

const MAX_REASON = 1000;

/**
 * Reads a BioSamples error body, whichever shape it has (BIOSAMPLES.md §3.7): Spring's error JSON
 * (`message`), a ValidationReport (`missing_fields`, `invalid_types`, `unknown_fields`; several
 * messages joined by "|"), the bare biovalidator array `[{dataPath, errors}]` (possibly after a
 * prefix such as "Checklist validation failed: "), an HTML page from a proxy, plain text, or nothing.
 */
export function rejectionFromBody(status: number, body: string): Rejection {
  const text = body.trim();
  const parsed = parseJson(text);
  const details =
    detailsFromJson(parsed) ??
    detailsAfterPrefix(text) ??
    (text ? [{ message: plainText(text) }] : [{ message: `${status} ${http.STATUS_CODES[status] ?? 'Error'}` }]);
  return { reason: cap(details.map(describe).join('; ')), details };
}

function detailsFromJson(value: unknown): RejectionDetail[] | null {
  if (Array.isArray(value)) {
    const details = value.flatMap(checklistDetails);
    return details.length ? details : null;
  }
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  const report = [
    ...strings(v.missing_fields).map((f) => ({ field: f, message: 'is missing' })),
    ...strings(v.invalid_types).flatMap((t) => t.split('|')).map((m) => ({ message: m.trim() })),
    ...strings(v.unknown_fields).map((f) => ({ field: f, message: 'is not a known field' })),
  ].filter((d) => d.message);
  if (report.length) return report;
  const message = typeof v.message === 'string' && v.message.trim() ? v.message : typeof v.error === 'string' ? v.error : null;
  return message ? [{ message: message.trim() }] : null;
}

function checklistDetails(item: unknown): RejectionDetail[] {
  if (!item || typeof item !== 'object') return typeof item === 'string' ? [{ message: item }] : [];
  const { dataPath, errors } = item as { dataPath?: unknown; errors?: unknown };
  const field = typeof dataPath === 'string' ? dataPath.replace(/^\/?characteristics[./]/, '').replace(/^\//, '') || undefined : undefined;
  return strings(errors).map((message) => ({ field, message }));
}

/** "Checklist validation failed: Sample validation failed: [{…}]" → the array's details, with the prefix. */
function detailsAfterPrefix(text: string): RejectionDetail[] | null {
  const start = text.indexOf('[');
  if (start <= 0) return null;
  const details = detailsFromJson(parseJson(text.slice(start)));
  if (!details) return null;
  const prefix = text.slice(0, start).trim().replace(/:$/, '');
  return details.map((d) => ({ ...d, message: d.field ? d.message : `${prefix}: ${d.message}` }));
}

function describe(detail: RejectionDetail): string {
  return detail.field ? `${detail.field}: ${detail.message}` : detail.message;
}

function plainText(text: string): string {
  return /^\s*</.test(text) ? text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim() : text;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function parseJson(text: string): unknown {
  if (!/^[[{]/.test(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function cap(text: string): string {
  return text.length > MAX_REASON ? `${text.slice(0, MAX_REASON - 1)}…` : text;
}
