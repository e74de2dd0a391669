import React, { useState } from 'react';
import type { ActionProps } from 'adminjs';
import { Box, Button, FormGroup, Input, Label, MessageBox, Text } from '@adminjs/design-system';
import { useRecordActionForm } from './record-action-form.js';

/** Asks the Webin login that created the sample, then suppresses it at BioSamples. Nothing is stored. */
const SuppressOrphan: React.FC<ActionProps> = ({ resource, record }) => {
  const [webinUsername, setUsername] = useState('');
  const [webinPassword, setPassword] = useState('');
  const { busy, error, send } = useRecordActionForm(resource.id, record?.id, 'suppress', 'The record could not be suppressed');
  if (!record) return null;
  const { accession, name } = record.params;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    await send({ webinUsername, webinPassword }, { answered: () => setPassword('') });
  };

  return (
    <Box as="form" onSubmit={submit} variant="container" p="xl" data-testid="suppress-orphan">
      <Text mb="lg">
        <strong>{name}</strong> ({accession || 'accession never received: found by its alias'}) stays at BioSamples although its
        submission was deleted. Suppressing it replaces it there with a record saying it was withdrawn, private for a century.
        BioSamples lets only the Webin account that submitted it do this.
      </Text>
      <FormGroup>
        <Label htmlFor="webinUsername" required>Webin username</Label>
        <Input id="webinUsername" name="webinUsername" width={1} autoComplete="username" placeholder="Webin-12345"
          value={webinUsername} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setUsername(e.target.value)} />
      </FormGroup>
      <FormGroup>
        <Label htmlFor="webinPassword" required>Webin password</Label>
        <Input id="webinPassword" name="webinPassword" type="password" width={1} autoComplete="current-password"
          value={webinPassword} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setPassword(e.target.value)} />
      </FormGroup>
      {error && <MessageBox variant="danger" message={error} mb="lg" />}
      <Button type="submit" variant="contained" color="danger" disabled={busy || !webinUsername.trim() || !webinPassword}>
        Suppress in BioSamples
      </Button>
    </Box>
  );
};

export default SuppressOrphan;
