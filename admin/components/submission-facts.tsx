import React from 'react';
import { Box, Link, Text } from '@adminjs/design-system';
import type { RecordCounts, SubmissionDetail } from '../../core/submissions/presenter.js';
import { plural, STATUS_LABELS } from './form-parts.js';

const SOURCE_LABELS: Record<string, string> = { template: 'IMAGE template', crbanim: 'CRB-Anim CSV', cryoweb: 'CryoWeb dump' };

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const Fact: React.FC<{ label: string; children: React.ReactNode; testId?: string }> = ({ label, children, testId }) => (
  <Box mb="lg">
    <Text variant="sm" color="grey60">{label}</Text>
    <Text data-testid={testId}>{children}</Text>
  </Box>
);

const Counts: React.FC<{ label: string; counts: RecordCounts; testId: string }> = ({ label, counts, testId }) => (
  <Fact label={label} testId={testId}>
    <strong data-count="total">{counts.total.toLocaleString()}</strong>
    {Object.entries(counts.byStatus).map(([status, n]) => (
      <span key={status} data-count={status}> · {n.toLocaleString()} {(STATUS_LABELS[status] ?? status).toLowerCase()}</span>
    ))}
  </Fact>
);

interface Props {
  submission: SubmissionDetail;
  /** The uploaded file's download, when the server offers one. */
  fileUrl?: string;
}

/** What the submission is: gene bank, data source, file, and how many records it holds by status. */
export const SubmissionFacts: React.FC<Props> = ({ submission, fileUrl }) => (
  <Box variant="card" p="xl" mb="xl" data-testid="facts">
    <Box style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))', columnGap: 40 }}>
      <Fact label="Gene bank">{submission.geneBankName} ({submission.geneBankCountry})</Fact>
      <Fact label="Data source">{SOURCE_LABELS[submission.datasourceType] ?? submission.datasourceType}, version {submission.datasourceVersion}</Fact>
      <Fact label="File" testId="file-info">
        {submission.file
          ? <>{fileUrl ? <Link href={fileUrl}>{submission.file.name}</Link> : submission.file.name} ({size(submission.file.size)}, uploaded {new Date(submission.file.uploadedAt).toLocaleString()})</>
          : 'none'}
      </Fact>
      <Counts label="Animals" counts={submission.animals} testId="animal-counts" />
      <Counts label="Samples" counts={submission.samples} testId="sample-counts" />
      {submission.validation && (
        <Fact label="Validation" testId="validation-counts">
          {plural(submission.validation.pass, 'record')} pass, {submission.validation.warning.toLocaleString()} with warnings, {submission.validation.error.toLocaleString()} with errors
        </Fact>
      )}
    </Box>
    {submission.description && <Text mt="sm" style={{ whiteSpace: 'pre-wrap' }}>{submission.description}</Text>}
  </Box>
);
