import React, { useState } from 'react';
import { Box, Button, FormGroup, Label, MessageBox, Text } from '@adminjs/design-system';
import type { FieldDescription } from '../../core/fixes/editable-fields.js';
import { apiValue, FieldInput, fieldLabel } from './field-input.js';
import { plural } from './form-parts.js';
import { apiSend, problemText } from './panel-api.js';
import type { RecordFilter, RecordType } from './record-table.js';

/** Which records get the value: those with a message, the given ids, or all matching the list filters. */
export type Selection = { message: string } | { ids: number[] } | { filter: Omit<RecordFilter, 'messageText'> };

/** The records of one submission to change (a selection across submissions is one target each). */
export interface FixTarget {
  submissionId: number;
  selection: Selection;
  count: number;
}

interface Props {
  type: RecordType;
  /** One field ("Fix this"), or the fields to choose from (bulk edit). */
  fields: FieldDescription[];
  targets: FixTarget[];
  onDone(message: string): void;
  onCancel?: () => void;
}

const nativeSelect: React.CSSProperties = { width: '100%', height: 38, border: '1px solid #c0c0ca', borderRadius: 4, padding: '0 8px', background: '#fff' };

/**
 * Sets one value on many records at once through `POST /api/submissions/:id/fix`, which runs as a
 * job: the page then follows the submission live until the records have changed.
 */
export const SetFieldForm: React.FC<Props> = ({ type, fields, targets, onDone, onCancel }) => {
  const count = targets.reduce((n, t) => n + t.count, 0);
  const [fieldName, setFieldName] = useState(fields.length === 1 ? fields[0].name : '');
  const [value, setValue] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = fields.find((f) => f.name === fieldName);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!field) {
      setFailure('Choose the field to set');
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      let records = 0;
      for (const target of targets) {
        const body = { recordType: type, field: field.name, value: apiValue(value), ...target.selection };
        records += (await apiSend<{ records: number }>('POST', `/api/submissions/${target.submissionId}/fix`, body)).records;
      }
      const what = apiValue(value) === null ? `${fieldLabel(field)} cleared` : `${fieldLabel(field)} set to '${value.trim()}'`;
      const where = targets.length > 1 ? ` of ${targets.length} submissions` : '';
      onDone(`${what} on ${plural(records, type)}${where}: the change runs now and the records will need a new validation.`);
    } catch (err) {
      setFailure(problemText(err));
      setBusy(false);
    }
  };

  return (
    <Box as="form" onSubmit={submit} p="lg" style={{ background: '#f7faf8', borderRadius: 6 }} data-testid="set-field-form">
      {fields.length > 1 && (
        <FormGroup>
          <Label htmlFor="bulk-field">Field</Label>
          <select id="bulk-field" value={fieldName} onChange={(e) => { setFieldName(e.target.value); setValue(''); }} style={nativeSelect}>
            <option value="">Choose the field…</option>
            {fields.map((f) => <option key={f.name} value={f.name}>{fieldLabel(f)}</option>)}
          </select>
        </FormGroup>
      )}
      {field && (
        <FormGroup>
          <Label htmlFor={`set-${field.name}`}>
            {fieldLabel(field)} for {plural(count, type)}{targets.length > 1 ? ` of ${targets.length} submissions` : ''}
          </Label>
          <FieldInput id={`set-${field.name}`} field={field} value={value} onChange={setValue} />
          {!value.trim() && <Text variant="sm" color="grey60" mt="sm">Left empty, the field is cleared.</Text>}
        </FormGroup>
      )}
      {failure && <MessageBox variant="danger" message={failure} mb="lg" data-testid="set-field-error" />}
      <Button type="submit" variant="contained" size="sm" disabled={busy || !field} mr="default" data-testid="apply-fix">
        {busy ? 'Starting…' : `Apply to ${plural(count, type)}`}
      </Button>
      {onCancel && <Button type="button" variant="text" size="sm" onClick={onCancel}>Cancel</Button>}
    </Box>
  );
};
