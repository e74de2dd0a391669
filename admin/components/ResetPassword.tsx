import React, { useState } from 'react';
import { ApiClient, type ActionProps, useNotice } from 'adminjs';
import { Box, Button, FormGroup, Input, Label, MessageBox, Text } from '@adminjs/design-system';

const api = new ApiClient();

/** Sets a typed password, or a generated one shown here once. */
const ResetPassword: React.FC<ActionProps> = ({ resource, record }) => {
  const [password, setPassword] = useState('');
  const [generated, setGenerated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const addNotice = useNotice();
  if (!record) return null;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const response = await api.recordAction({
        resourceId: resource.id,
        recordId: record.id,
        actionName: 'resetPassword',
        data: { password },
      });
      const body = response.data as { notice?: { type?: string; message: string }; generatedPassword?: string };
      if (body.notice?.type === 'error') setError(body.notice.message);
      else {
        setGenerated(body.generatedPassword ?? null);
        setPassword('');
        if (body.notice) addNotice({ message: body.notice.message, type: 'success' });
      }
    } catch {
      setError('The password could not be changed');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box as="form" onSubmit={submit} variant="container" p="xl">
      <Text mb="lg">
        New password for <strong>{record.params.email}</strong>. Leave it empty to generate one.
      </Text>
      <FormGroup>
        <Label htmlFor="new-password">New password</Label>
        <Input id="new-password" name="password" type="password" autoComplete="new-password" width={1}
          value={password} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setPassword(e.target.value)} />
      </FormGroup>
      {error && <MessageBox variant="danger" message={error} mb="lg" />}
      {generated && (
        <MessageBox variant="success" mb="lg" message="Generated password (shown once)">
          <Text fontFamily="monospace" data-testid="generated-password">{generated}</Text>
        </MessageBox>
      )}
      <Button type="submit" variant="contained" disabled={busy}>Set password</Button>
    </Box>
  );
};

export default ResetPassword;
