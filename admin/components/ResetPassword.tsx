import React, { useState } from 'react';
import type { ActionProps } from 'adminjs';
import { Box, Button, FormGroup, Input, Label, MessageBox, Text } from '@adminjs/design-system';
import { useRecordActionForm } from './record-action-form.js';

/** Sets a typed password, or a generated one shown here once. */
const ResetPassword: React.FC<ActionProps> = ({ resource, record }) => {
  const [password, setPassword] = useState('');
  const [generated, setGenerated] = useState<string | null>(null);
  const { busy, error, send } = useRecordActionForm(resource.id, record?.id, 'resetPassword', 'The password could not be changed');
  if (!record) return null;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    await send<{ generatedPassword?: string }>({ password }, {
      succeeded: (answer) => {
        setGenerated(answer.generatedPassword ?? null);
        setPassword('');
      },
    });
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
