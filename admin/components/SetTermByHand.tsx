import React, { useState } from 'react';
import type { ActionProps } from 'adminjs';
import { Box, Button, FormGroup, Input, Label, MessageBox, Text } from '@adminjs/design-system';
import { useRecordActionForm } from './record-action-form.js';

/** An admin gives a vocabulary term its ontology id by hand (confidence "curated"). */
const SetTermByHand: React.FC<ActionProps> = ({ resource, record }) => {
  const [term, setTerm] = useState('');
  const [label, setLabel] = useState('');
  const { busy, error, send } = useRecordActionForm(resource.id, record?.id, 'setTermByHand', 'The term could not be set');
  if (!record) return null;
  const isBreed = record.params.vocabulary === 'breed';

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    await send({ term, label });
  };

  return (
    <Box as="form" onSubmit={submit} variant="container" p="xl" data-testid="set-term-by-hand">
      <Text mb="lg">
        Ontology id for the {record.params.vocabulary} <strong>{record.params.text}</strong>
        {isBreed ? ` (${record.params.species}, ${record.params.country})` : ''}.
      </Text>
      <FormGroup>
        <Label htmlFor="term" required>Term id or IRI</Label>
        <Input id="term" name="term" width={1} placeholder="UBERON_0001968 or http://purl.obolibrary.org/obo/UBERON_0001968"
          value={term} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setTerm(e.target.value)} />
      </FormGroup>
      {isBreed && (
        <FormGroup>
          <Label htmlFor="label">Mapped breed label (optional)</Label>
          <Input id="label" name="label" width={1}
            value={label} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setLabel(e.target.value)} />
        </FormGroup>
      )}
      {error && <MessageBox variant="danger" message={error} mb="lg" />}
      <Button type="submit" variant="contained" disabled={busy || !term.trim()}>Set term</Button>
    </Box>
  );
};

export default SetTermByHand;
