import React, { useEffect, useState } from 'react';
import {
  Box, Button, Input, Link, Pagination, Table, TableBody, TableCell, TableHead, TableRow, Text,
} from '@adminjs/design-system';
import type { AnimalView, Listed, SampleView } from '../../core/submissions/records-query.js';
import { LevelBadge, plural, StatusBadge } from './form-parts.js';
import { apiGet, panelUrl, problemText } from './panel-api.js';

export type RecordType = 'animal' | 'sample';

/** The record lists' filters (API.md: `?status=&validation=&q=&message=`). */
export interface RecordFilter {
  status?: string;
  validation?: string;
  q?: string;
  message?: string;
  /** The message's words, shown while filtering by its key. */
  messageText?: string;
}

const PER_PAGE = 20;
const RECORD_STATUSES = ['loaded', 'need_revision', 'ready', 'submitted', 'completed'];
const LEVELS = ['pass', 'warning', 'error'];

type Row = Listed<AnimalView> | Listed<SampleView>;

interface Props {
  submissionId: number;
  type: RecordType;
  filter: RecordFilter;
  onFilter(filter: RecordFilter): void;
  /** Changes when the records may have changed (a job ended, accessions arrived). */
  refreshKey: number;
  biosamplesUrl: string;
  /** Offered when records can change now: set a field on every record matching the filter. */
  onEditMatching?: (total: number) => void;
}

const nativeSelect: React.CSSProperties = { height: 38, border: '1px solid #c0c0ca', borderRadius: 4, padding: '0 8px', background: '#fff' };

export function queryOf(filter: RecordFilter, page = 1): string {
  const q = new URLSearchParams({ page: String(page), perPage: String(PER_PAGE) });
  for (const key of ['status', 'validation', 'q', 'message'] as const) if (filter[key]) q.set(key, filter[key]!);
  return q.toString();
}

/** A page of a submission's animals or samples, filterable and searchable, each linking to its record page. */
export const RecordTable: React.FC<Props> = ({ submissionId, type, filter, onFilter, refreshKey, biosamplesUrl, onEditMatching }) => {
  const [page, setPage] = useState(1);
  const [rows, setRows] = useState<{ items: Row[]; total: number } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [search, setSearch] = useState(filter.q ?? '');
  const path = type === 'animal' ? 'animals' : 'samples';

  useEffect(() => setPage(1), [filter.status, filter.validation, filter.q, filter.message, type]);
  useEffect(() => setSearch(filter.q ?? ''), [filter.q]);
  useEffect(() => {
    const abort = new AbortController();
    apiGet<{ items: Row[]; total: number }>(`/api/submissions/${submissionId}/${path}?${queryOf(filter, page)}`, abort.signal)
      .then((r) => {
        setRows(r);
        setFailure(null);
      })
      .catch((err) => !abort.signal.aborted && setFailure(problemText(err)));
    return () => abort.abort();
  }, [submissionId, path, filter.status, filter.validation, filter.q, filter.message, page, refreshKey]);

  // Search as the curator types, once they pause.
  useEffect(() => {
    if ((filter.q ?? '') === search) return undefined;
    const t = setTimeout(() => onFilter({ ...filter, q: search || undefined }), 350);
    return () => clearTimeout(t);
  }, [search]);

  const choose = (key: 'status' | 'validation') => (e: React.ChangeEvent<HTMLSelectElement>) => onFilter({ ...filter, [key]: e.target.value || undefined });

  return (
    <Box data-testid={`${type}-list`}>
      <Box flex flexDirection="row" flexWrap="wrap" alignItems="center" mb="lg" style={{ gap: 12 }}>
        <Input placeholder={`Search ${type}s by name`} value={search} aria-label={`Search ${type}s by name`} data-testid={`${type}-search`}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => setSearch(e.target.value)} style={{ minWidth: 240 }} />
        <select aria-label="Status" value={filter.status ?? ''} onChange={choose('status')} style={nativeSelect} data-testid={`${type}-status-filter`}>
          <option value="">Any status</option>
          {RECORD_STATUSES.map((s) => <option key={s} value={s}>{s.replace('_', ' ')}</option>)}
        </select>
        <select aria-label="Validation" value={filter.validation ?? ''} onChange={choose('validation')} style={nativeSelect} data-testid={`${type}-validation-filter`}>
          <option value="">Any validation</option>
          {LEVELS.map((l) => <option key={l} value={l}>{l}</option>)}
        </select>
        {filter.message && (
          <span data-testid={`${type}-message-filter`} style={{ background: '#fdf3d8', borderRadius: 12, padding: '4px 10px' }}>
            With the message: <strong title={filter.messageText}>{shorten(filter.messageText ?? filter.message, 140)}</strong>{' '}
            <Button size="sm" variant="text" type="button" onClick={() => onFilter({ ...filter, message: undefined, messageText: undefined })}>
              show all
            </Button>
          </span>
        )}
        {onEditMatching && rows && rows.total > 0 && (
          <Button size="sm" variant="outlined" type="button" onClick={() => onEditMatching(rows.total)} data-testid={`${type}-edit-matching`}>
            Set a field on these {plural(rows.total, type)}
          </Button>
        )}
      </Box>
      {failure && <Text color="error">{failure}</Text>}
      {rows && (
        <>
          <Text mb="sm" data-testid={`${type}-total`}>{plural(rows.total, type)}</Text>
          <Table width={1}>
            <TableHead>
              <TableRow>
                <TableCell>Name</TableCell>
                <TableCell>{type === 'animal' ? 'Breed / sex' : 'Animal / organism part'}</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>Validation</TableCell>
                <TableCell>Accession</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.items.map((r) => (
                <TableRow key={r.id} data-record={r.name}>
                  <TableCell><Link href={panelUrl.record(type, r.id)}>{r.name}</Link></TableCell>
                  <TableCell>{describe(r)}</TableCell>
                  <TableCell><StatusBadge status={r.status} /></TableCell>
                  <TableCell><LevelBadge level={r.validation} /></TableCell>
                  <TableCell data-testid="accession">
                    {r.accession ? <Link href={`${biosamplesUrl}/samples/${encodeURIComponent(r.accession)}`} target="_blank" rel="noopener noreferrer">{r.accession}</Link> : '—'}
                  </TableCell>
                </TableRow>
              ))}
              {rows.items.length === 0 && (
                <TableRow><TableCell colSpan={5}><Text color="grey60">No {type} matches.</Text></TableCell></TableRow>
              )}
            </TableBody>
          </Table>
          {rows.total > PER_PAGE && <Pagination page={page} perPage={PER_PAGE} total={rows.total} onChange={setPage} />}
        </>
      )}
    </Box>
  );
};

const shorten = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function describe(r: Row): string {
  if ('breed' in r) return [r.breed, r.sex].filter(Boolean).join(' / ');
  return [r.animal?.name, r.organismPart].filter(Boolean).join(' / ');
}
