import React, { useState } from 'react';
import { Box, Button, H4, H5, MessageBox, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import type { SummaryMessage } from '../../core/validation/summary.js';
import type { ValidationSummaryView } from '../../core/validation/validation-requests.js';
import type { FixFields } from '../resources/submission-overview.js';
import { FixThis } from './fix-this.js';
import { LEVEL_COLOURS, LevelBadge, plural } from './form-parts.js';
import type { RecordType } from './record-table.js';

interface Props {
  submissionId: number;
  summary: ValidationSummaryView;
  fixFields: FixFields;
  canFix: boolean;
  outdated: boolean;
  /** Shows the list of the records having this message. */
  onShowRecords(type: RecordType, message: SummaryMessage): void;
  onFixQueued(note: string): void;
}

const TYPES: [RecordType, 'animals' | 'samples'][] = [['animal', 'animals'], ['sample', 'samples']];

/**
 * The outcome of the last validation: records per level, issues by field as a bar chart, and each
 * message with the records having it and, when it is about one editable field, "Fix this".
 */
export const ValidationSummary: React.FC<Props> = ({ submissionId, summary, fixFields, canFix, outdated, onShowRecords, onFixQueued }) => {
  if (!summary.validatedAt) return null;
  return (
    <Box variant="card" p="xl" mb="xl" data-testid="validation-summary">
      <H4>Validation</H4>
      <Text mb="lg" color="grey60">Validated {new Date(summary.validatedAt).toLocaleString()}</Text>
      {outdated && (
        <MessageBox variant="info" mb="lg" message="Records changed since this validation: validate again to see where they stand." />
      )}
      <Box flex flexDirection="row" flexWrap="wrap" style={{ gap: 24 }} mb="xl">
        {TYPES.map(([type, key]) => <LevelCounts key={type} title={`${key[0].toUpperCase()}${key.slice(1)}`} counts={summary[key].counts} type={type} />)}
      </Box>
      <IssueChart summary={summary} />
      {summary.uncheckedTerms.length > 0 && (
        <MessageBox variant="info" mb="lg" message={`${plural(summary.uncheckedTerms.length, 'ontology term')} could not be checked: ${summary.uncheckedTerms.map((t) => `${t.term} (${t.reason})`).join('; ')}`} />
      )}
      {TYPES.map(([type, key]) => summary[key].messages.length > 0 && (
        <MessageTable key={type} submissionId={submissionId} type={type} messages={summary[key].messages} fixFields={fixFields[type]}
          canFix={canFix} onShowRecords={onShowRecords} onFixQueued={onFixQueued} />
      ))}
    </Box>
  );
};

const LevelCounts: React.FC<{ title: string; type: RecordType; counts: Record<'pass' | 'warning' | 'error', number> }> = ({ title, type, counts }) => (
  <Box data-testid={`${type}-level-counts`}>
    <H5>{title}</H5>
    <Box flex flexDirection="row" style={{ gap: 8 }}>
      {(['pass', 'warning', 'error'] as const).map((level) => (
        <span key={level} data-level-count={level} style={{
          background: LEVEL_COLOURS[level][0], color: LEVEL_COLOURS[level][1], borderRadius: 6, padding: '6px 12px', minWidth: 70, textAlign: 'center',
        }}>
          <strong style={{ fontSize: 18, display: 'block' }}>{counts[level].toLocaleString()}</strong>{level}
        </span>
      ))}
    </Box>
  </Box>
);

interface Bar {
  label: string;
  error: number;
  warning: number;
}

/** Issues per field (records counted once per message), errors and warnings stacked; plain CSS bars. */
export const IssueChart: React.FC<{ summary: ValidationSummaryView }> = ({ summary }) => {
  const bars = new Map<string, Bar>();
  for (const [type, key] of TYPES) {
    for (const m of summary[key].messages) {
      const label = `${type === 'animal' ? 'Animal' : 'Sample'} · ${m.field || 'record'}`;
      const bar = bars.get(label) ?? { label, error: 0, warning: 0 };
      bar[m.level] += m.count;
      bars.set(label, bar);
    }
  }
  const sorted = [...bars.values()].sort((a, b) => b.error + b.warning - (a.error + a.warning) || a.label.localeCompare(b.label));
  if (!sorted.length) return <Text mb="lg" data-testid="issue-chart">No issues: every record passed.</Text>;
  const max = Math.max(...sorted.map((b) => b.error + b.warning));
  return (
    <Box mb="xl" data-testid="issue-chart" role="figure" aria-label="Issues by field">
      <H5>Issues by field</H5>
      {sorted.map((b) => (
        <div key={b.label} data-bar={b.label} style={{ display: 'grid', gridTemplateColumns: '260px 1fr 90px', alignItems: 'center', gap: 8, margin: '4px 0' }}>
          <span style={{ fontSize: 13, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={b.label}>{b.label}</span>
          <div style={{ display: 'flex', height: 16, background: '#f4f6f7', borderRadius: 3, overflow: 'hidden' }}>
            <div title={`${b.error} errors`} style={{ width: `${(b.error / max) * 100}%`, background: '#d64545' }} />
            <div title={`${b.warning} warnings`} style={{ width: `${(b.warning / max) * 100}%`, background: '#e9b949' }} />
          </div>
          <span style={{ fontSize: 13 }}>{b.error ? `${b.error} err` : ''}{b.error && b.warning ? ', ' : ''}{b.warning ? `${b.warning} warn` : ''}</span>
        </div>
      ))}
      <Text variant="sm" color="grey60" mt="sm">
        <span style={{ color: '#d64545' }}>■</span> errors <span style={{ color: '#e9b949' }}>■</span> warnings (records per message)
      </Text>
    </Box>
  );
};

interface MessageTableProps {
  submissionId: number;
  type: RecordType;
  messages: SummaryMessage[];
  fixFields: FixFields[RecordType];
  canFix: boolean;
  onShowRecords(type: RecordType, message: SummaryMessage): void;
  onFixQueued(note: string): void;
}

const MessageTable: React.FC<MessageTableProps> = ({ submissionId, type, messages, fixFields, canFix, onShowRecords, onFixQueued }) => {
  const [fixing, setFixing] = useState<string | null>(null);
  return (
    <Box mb="xl" data-testid={`${type}-messages`}>
      <H5>{type === 'animal' ? 'Animals' : 'Samples'}: messages</H5>
      <Table width={1}>
        <TableHead>
          <TableRow>
            <TableCell>Level</TableCell>
            <TableCell>Field</TableCell>
            <TableCell>Message</TableCell>
            <TableCell>Records</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {messages.map((m) => (
            <React.Fragment key={m.key}>
              <TableRow data-message={m.key}>
                <TableCell><LevelBadge level={m.level} /></TableCell>
                <TableCell style={{ minWidth: 150 }}>{m.field}</TableCell>
                <TableCell style={{ whiteSpace: 'pre-wrap' }}>{m.message}</TableCell>
                <TableCell style={{ whiteSpace: 'nowrap' }}>
                  <Button variant="text" size="sm" type="button" onClick={() => onShowRecords(type, m)} data-testid="show-records">
                    {plural(m.count, type)}
                  </Button>
                </TableCell>
                <TableCell style={{ whiteSpace: 'nowrap' }}>
                  {fixFields[m.key] && canFix && (
                    <Button variant="outlined" size="sm" type="button" onClick={() => setFixing(fixing === m.key ? null : m.key)} data-testid="fix-this">
                      Fix this
                    </Button>
                  )}
                </TableCell>
              </TableRow>
              {fixing === m.key && fixFields[m.key] && (
                <TableRow>
                  <TableCell colSpan={5}>
                    <FixThis submissionId={submissionId} type={type} message={m} field={fixFields[m.key]}
                      onDone={(note) => { setFixing(null); onFixQueued(note); }} onCancel={() => setFixing(null)} />
                  </TableCell>
                </TableRow>
              )}
            </React.Fragment>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};
