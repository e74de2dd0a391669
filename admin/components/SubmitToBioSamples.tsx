import React, { useState } from 'react';
import { useNavigate } from 'react-router';
import type { ActionProps } from 'adminjs';
import { Box, Button, FormGroup, Input, Label, MessageBox, Text } from '@adminjs/design-system';
import { FieldError } from './form-parts.js';
import { FormLoading, useFormSettings } from './form-settings.js';
import { ApiFailure, apiSend, panelUrl, problemText } from './panel-api.js';

interface FormDefaults {
  releaseDate: string;
  testServer: boolean;
}

/**
 * "Submit to BioSamples": the Webin login (the password is sent once, never shown again nor kept
 * in the page) and the release date, to `POST /api/submissions/:id/submit`; then the live page.
 */
const SubmitToBioSamples: React.FC<ActionProps> = ({ resource, record }) => {
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [releaseDate, setReleaseDate] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const id = record?.id;
  const { settings: defaults, failure, setFailure } = useFormSettings<FormDefaults>(
    id ? { resourceId: resource.id, recordId: id, actionName: 'submitToBioSamples' } : null,
    (d) => setReleaseDate(d.releaseDate),
  );

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!username.trim()) missing.webinUsername = 'Required';
    if (!password) missing.webinPassword = 'Required';
    setErrors(missing);
    setFailure(null);
    if (Object.keys(missing).length) return;
    setBusy(true);
    try {
      await apiSend('POST', `/api/submissions/${id}/submit`, { webinUsername: username.trim(), webinPassword: password, releaseDate });
      setPassword('');
      navigate(panelUrl.submission(id!));
    } catch (err) {
      setPassword('');
      const refused = err instanceof ApiFailure && err.code === 'webin_login_failed';
      setFailure(refused ? 'Webin refused these credentials: nothing was sent to BioSamples and the submission stays ready.' : problemText(err));
      if (err instanceof ApiFailure) setErrors(Object.fromEntries(err.details.filter((d) => d.field).map((d) => [d.field!, d.message])));
      setBusy(false);
    }
  };

  if (!record || !defaults) return <FormLoading failure={failure} />;
  const future = releaseDate > new Date().toISOString().slice(0, 10);
  return (
    <Box as="form" onSubmit={submit} variant="container" p="xl" data-testid="submit-form" autoComplete="off">
      <Text mb="lg">Submission <strong>{record.title}</strong></Text>
      {defaults.testServer && (
        <MessageBox variant="info" mb="lg" message="Records go to the BioSamples TEST server: accessions there are not permanent." />
      )}
      <Text mb="lg">
        Log in with your Webin submission account. The password is used only while this submission is sent, and is not kept.
      </Text>
      <FormGroup error={!!errors.webinUsername}>
        <Label required htmlFor="webinUsername">Webin username</Label>
        <Input id="webinUsername" name="webinUsername" width={1} autoComplete="username" placeholder="Webin-12345"
          value={username} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setUsername(e.target.value)} />
        <FieldError message={errors.webinUsername} />
      </FormGroup>
      <FormGroup error={!!errors.webinPassword}>
        <Label required htmlFor="webinPassword">Webin password</Label>
        <Input id="webinPassword" name="webinPassword" type="password" width={1} autoComplete="current-password"
          value={password} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setPassword(e.target.value)} />
        <FieldError message={errors.webinPassword} />
      </FormGroup>
      <FormGroup error={!!errors.releaseDate}>
        <Label htmlFor="releaseDate">Release date</Label>
        <Input id="releaseDate" name="releaseDate" type="date" value={releaseDate}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => setReleaseDate(e.target.value)} />
        <Text variant="sm" color="grey60" mt="sm">
          {future ? 'In the future: the records stay private until that day.' : 'Today or earlier: the records are public as soon as they are submitted. A future date keeps them private until then.'}
        </Text>
        <FieldError message={errors.releaseDate} />
      </FormGroup>
      {failure && <MessageBox variant="danger" message={failure} mb="lg" data-testid="form-error" />}
      <Button type="submit" variant="contained" disabled={busy} mr="default" data-testid="submit-to-biosamples">{busy ? 'Logging in…' : 'Submit'}</Button>
      <Button type="button" variant="text" onClick={() => navigate(panelUrl.submission(id!))}>Cancel</Button>
    </Box>
  );
};

export default SubmitToBioSamples;
