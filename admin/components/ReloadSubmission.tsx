import React, { useState } from 'react';
import { useNavigate } from 'react-router';
import type { ActionProps } from 'adminjs';
import { Box, Button, DropZone, FormGroup, Label, Link, MessageBox, Text } from '@adminjs/design-system';
import { FieldError } from './form-parts.js';
import { FormLoading, useFormSettings } from './form-settings.js';
import { apiSend, panelUrl, problemText, TEMPLATE_URL } from './panel-api.js';

const MB = 1024 * 1024;
const KINDS: Record<string, string> = { template: 'IMAGE template (xlsx)', crbanim: 'CRB-Anim CSV', cryoweb: 'CryoWeb dump (SQL)' };

/**
 * Reload: a new file for the same submission, sent to `POST /api/submissions/:id/reload`. Records
 * are matched by name and keep their accessions; a rejected file leaves the data as it was.
 */
const ReloadSubmission: React.FC<ActionProps> = ({ resource, record }) => {
  const navigate = useNavigate();
  const id = record?.id;
  const { settings: limits, failure, setFailure } = useFormSettings<{ maxUploadMb: number; datasourceType: string }>(
    id ? { resourceId: resource.id, recordId: id, actionName: 'reload' } : null,
  );
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!file) {
      setFileError('Choose the file to import');
      return;
    }
    setFileError(undefined);
    setFailure(null);
    setBusy(true);
    const form = new FormData();
    form.append('file', file);
    try {
      await apiSend('POST', `/api/submissions/${id}/reload`, form);
      navigate(panelUrl.submission(id!));
    } catch (err) {
      setFailure(problemText(err));
      setBusy(false);
    }
  };

  if (!record || !limits) return <FormLoading failure={failure} />;
  return (
    <Box as="form" onSubmit={submit} variant="container" p="xl" data-testid="reload-form">
      <Text mb="lg">Submission <strong>{record.title}</strong></Text>
      <Text mb="lg">
        The new {KINDS[limits.datasourceType] ?? 'file'} replaces this submission's data. Records are matched by name: those
        already in BioSamples keep their accession, and a record whose content changed will need a new validation. If the new
        file is rejected, the data stays exactly as it is now.
      </Text>
      {limits.datasourceType === 'template' && (
        <Text mb="lg">Tip: the annotated workbook of this submission, corrected, can be loaded here. <Link href={TEMPLATE_URL}>Empty template</Link>.</Text>
      )}
      <FormGroup error={!!fileError}>
        <Label required>File (up to {limits.maxUploadMb} MB)</Label>
        <DropZone onChange={(files: File[]) => setFile(files[0] ?? null)} validate={{ maxSize: limits.maxUploadMb * MB }} uploadLimitIn="KB"
          translations={{ placeholder: 'Drop the file here, or click to choose it', acceptedSize: `Up to ${limits.maxUploadMb} MB`, unsupportedSize: `This file is larger than ${limits.maxUploadMb} MB` }} />
        <FieldError message={fileError} />
      </FormGroup>
      {failure && <MessageBox variant="danger" message={failure} mb="lg" data-testid="form-error" />}
      <Button type="submit" variant="contained" disabled={busy} mr="default" data-testid="reload-submit">{busy ? 'Uploading…' : 'Reload'}</Button>
      <Button type="button" variant="text" onClick={() => navigate(panelUrl.submission(id!))}>Cancel</Button>
    </Box>
  );
};

export default ReloadSubmission;
