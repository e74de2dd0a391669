import React from 'react';
import type { ActionProps } from 'adminjs';
import { Box, H2, H4, Link, Loader, MessageBox, Table, TableBody, TableCell, TableRow, Text } from '@adminjs/design-system';
import type { RecordDetails } from '../resources/record-pages.js';
import { fieldLabel } from './field-input.js';
import { LevelBadge, StatusBadge } from './form-parts.js';
import { panelUrl } from './panel-api.js';
import { useRecordDetails, valueOf } from './record-details.js';
import { RecordMessages } from './record-messages.js';

const REMOTE_WORDS: Record<string, string> = {
  public: 'public at BioSamples',
  private: 'private at BioSamples (until its release date)',
  changed: 'changed at BioSamples since it was last submitted',
  withdrawn: 'withdrawn from public view at BioSamples',
  missing: 'not found at BioSamples',
};

type Linked = { id: number; name: string } | null;

/** An animal or a sample: its accession, status, validation messages and every field. */
const RecordShow: React.FC<ActionProps> = ({ resource, record }) => {
  const { details, failure } = useRecordDetails(resource.id, record?.id);
  if (failure) return <MessageBox variant="danger" message={failure} m="xl" />;
  if (!details) return <Loader />;
  const { detail, type } = details;
  const validation = detail.validation;
  return (
    <Box variant="container" p="xl" data-testid="record-page">
      <Box flex flexDirection="row" alignItems="center" flexWrap="wrap" style={{ gap: 12 }}>
        <H2 mb="0">{detail.name}</H2>
        <StatusBadge status={detail.status} testId="record-status" />
        <LevelBadge level={validation?.level ?? null} />
      </Box>
      <Text my="lg">
        {type === 'animal' ? 'Animal' : 'Sample'} of the submission <Link href={panelUrl.submission(details.submission.id)}>{details.submission.title}</Link>
      </Text>
      <Accession details={details} />
      {!details.canEdit && <MessageBox variant="info" mb="xl" message="A job works on this submission: its records cannot be edited until it has finished." />}
      <H4>Validation</H4>
      {!validation && <Text mb="xl" color="grey60">Not validated yet.</Text>}
      {validation?.stale && (
        <MessageBox variant="info" mb="lg" message="Edited since the last validation: the messages about the edited fields are gone, the others still stand. Validate the submission again to know where the record stands." />
      )}
      {validation && validation.messages.length === 0 && <Text mb="xl">No problem found.</Text>}
      {validation && <Box mb="xl"><RecordMessages messages={validation.messages} testId="record-messages" /></Box>}
      <H4>Fields</H4>
      <Table width={1} data-testid="record-fields">
        <TableBody>
          {type === 'animal' ? <AnimalLinks details={details} /> : <LinkRow label="Animal" type="animal" target={(detail as unknown as { animal: Linked }).animal} />}
          {details.fields.map((f) => (
            <TableRow key={f.name}>
              <TableCell style={{ width: 280 }}><Text color="grey60">{fieldLabel(f)}</Text></TableCell>
              <TableCell data-field={f.name}>{valueOf(detail, f.name)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};

const Accession: React.FC<{ details: RecordDetails }> = ({ details }) => {
  const { accession } = details.detail;
  const remote = details.remote;
  return (
    <Box mb="xl" data-testid="accession">
      <Text>
        BioSamples accession:{' '}
        {accession
          ? <Link href={`${details.biosamplesUrl}/samples/${encodeURIComponent(accession)}`} target="_blank" rel="noopener noreferrer">{accession}</Link>
          : <Text as="span" color="grey60">not submitted yet</Text>}
      </Text>
      {remote && (
        <Text variant="sm" color={remote.status === 'public' || remote.status === 'private' ? 'grey60' : 'error'} data-testid="remote-status">
          {REMOTE_WORDS[remote.status] ?? remote.status}{remote.checkedAt ? ` (checked ${new Date(remote.checkedAt).toLocaleString()})` : ''}
          {remote.message ? `: ${remote.message}` : ''}
        </Text>
      )}
    </Box>
  );
};

const LinkRow: React.FC<{ label: string; type: 'animal' | 'sample'; target: Linked }> = ({ label, type, target }) => (
  <TableRow>
    <TableCell style={{ width: 280 }}><Text color="grey60">{label}</Text></TableCell>
    <TableCell>{target ? <Link href={panelUrl.record(type, target.id)}>{target.name}</Link> : ''}</TableCell>
  </TableRow>
);

const AnimalLinks: React.FC<{ details: RecordDetails }> = ({ details }) => {
  const a = details.detail as unknown as { species: string; mappedBreed: string | null; father: Linked; mother: Linked };
  return (
    <>
      <TableRow>
        <TableCell style={{ width: 280 }}><Text color="grey60">Species</Text></TableCell>
        <TableCell>{a.species}</TableCell>
      </TableRow>
      <TableRow>
        <TableCell><Text color="grey60">Mapped breed</Text></TableCell>
        <TableCell>{a.mappedBreed ?? ''}</TableCell>
      </TableRow>
      <LinkRow label="Father" type="animal" target={a.father} />
      <LinkRow label="Mother" type="animal" target={a.mother} />
    </>
  );
};

export default RecordShow;
