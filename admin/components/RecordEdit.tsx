import React, { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import type { ActionProps } from 'adminjs';
import { Box, Button, FormGroup, H2, Label, Loader, MessageBox, Text } from '@adminjs/design-system';
import type { FieldDescription } from '../../core/fixes/editable-fields.js';
import { apiValue, FieldInput, fieldLabel } from './field-input.js';
import { FieldError, StatusBadge } from './form-parts.js';
import { ApiFailure, apiSend, panelUrl, problemText } from './panel-api.js';
import { useRecordDetails, valueOf } from './record-details.js';
import { RecordMessages, type RecordMessage } from './record-messages.js';

interface Saved {
  status: string;
  changedFields: string[];
  validation: { level: string; messages: RecordMessage[] } | null;
}

/** The messages about one form field: its IMAGE attribute, and for a unit field only the unit checks. */
function messagesFor(field: FieldDescription, messages: RecordMessage[]): RecordMessage[] {
  return messages.filter((m) => m.field === field.attribute && (field.kind === 'unit') === (m.key?.startsWith('unit_') ?? false));
}

/**
 * Edits an animal or a sample: the editable fields of the IMAGE rules (dropdowns for limited values,
 * search for vocabularies). Saving sends the changed fields to `PATCH /api/animals|samples/:id`,
 * which checks the record at once: its messages appear next to the fields, and the record needs revision.
 */
const RecordEdit: React.FC<ActionProps> = ({ resource, record }) => {
  const navigate = useNavigate();
  const { details, failure: loadFailure } = useRecordDetails(resource.id, record?.id);
  const [values, setValues] = useState<Record<string, string>>({});
  const [initial, setInitial] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState<Saved | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!details) return;
    const start = Object.fromEntries(details.fields.map((f) => [f.name, valueOf(details.detail, f.name)]));
    setValues(start);
    setInitial(start);
  }, [details]);

  const messages: RecordMessage[] = useMemo(
    () => (saved ? saved.validation?.messages : details?.detail.validation?.messages) ?? [],
    [saved, details],
  );

  if (loadFailure) return <MessageBox variant="danger" message={loadFailure} m="xl" />;
  if (!details) return <Loader />;
  const { detail, type } = details;
  const path = type === 'animal' ? 'animals' : 'samples';
  const placed = new Set(details.fields.flatMap((f) => messagesFor(f, messages)));
  const elsewhere = messages.filter((m) => !placed.has(m));

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const changes = Object.fromEntries(details.fields.filter((f) => values[f.name] !== initial[f.name]).map((f) => [f.name, apiValue(values[f.name])]));
    setErrors({});
    setFailure(null);
    if (!Object.keys(changes).length) {
      setFailure('Nothing was changed.');
      return;
    }
    setBusy(true);
    try {
      const answer = await apiSend<Saved>('PATCH', `/api/${path}/${detail.id}`, changes);
      setSaved(answer);
      setInitial(values);
    } catch (err) {
      if (err instanceof ApiFailure) setErrors(Object.fromEntries(err.details.filter((d) => d.field).map((d) => [d.field!, d.message])));
      setFailure(problemText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box as="form" onSubmit={submit} variant="container" p="xl" data-testid="record-edit">
      <Box flex flexDirection="row" alignItems="center" style={{ gap: 12 }} mb="lg">
        <H2 mb="0">{detail.name}</H2>
        <StatusBadge status={saved?.status ?? detail.status} testId="record-status" />
      </Box>
      {!details.canEdit && <MessageBox variant="info" mb="lg" message="A job works on this submission: the record cannot be changed until it has finished." />}
      {saved && (
        <MessageBox variant="success" mb="lg" data-testid="saved"
          message={saved.changedFields.length ? `Saved (${saved.changedFields.length} field${saved.changedFields.length === 1 ? '' : 's'} changed): the record needs revision; the messages below are a check of it as it is now, validate the submission to store them.` : 'Saved: nothing changed.'} />
      )}
      {elsewhere.length > 0 && <Box mb="lg"><RecordMessages messages={elsewhere} testId="other-messages" /></Box>}
      {details.fields.map((f) => (
        <FormGroup key={f.name} error={!!errors[f.name]}>
          <Label htmlFor={f.name} required={f.required}>{fieldLabel(f)}</Label>
          <FieldInput field={f} value={values[f.name] ?? ''} choices={details.choices[f.name]}
            onChange={(v) => setValues((all) => ({ ...all, [f.name]: v }))} />
          <FieldError message={errors[f.name]} />
          <RecordMessages messages={messagesFor(f, messages)} testId={`messages-${f.name}`} />
        </FormGroup>
      ))}
      {failure && <MessageBox variant="danger" message={failure} mb="lg" data-testid="form-error" />}
      <Button type="submit" variant="contained" disabled={busy || !details.canEdit} mr="default">{busy ? 'Saving…' : 'Save'}</Button>
      <Button type="button" variant="text" onClick={() => navigate(panelUrl.record(type, detail.id))}>Back to the {type}</Button>
      <Text variant="sm" color="grey60" mt="lg">
        Names, parents and the sample's animal define the records and their links: change them in the file and reload it.
      </Text>
    </Box>
  );
};

export default RecordEdit;
