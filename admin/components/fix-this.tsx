import React from 'react';
import type { FieldDescription } from '../../core/fixes/editable-fields.js';
import type { SummaryMessage } from '../../core/validation/summary.js';
import type { RecordType } from './record-table.js';
import { SetFieldForm } from './set-field-form.js';

interface Props {
  submissionId: number;
  type: RecordType;
  message: SummaryMessage;
  field: FieldDescription;
  onDone(note: string): void;
  onCancel(): void;
}

/** "Fix this": one value for the field a message is about, on every record having that message. */
export const FixThis: React.FC<Props> = ({ submissionId, type, message, field, onDone, onCancel }) => (
  <SetFieldForm type={type} fields={[field]} targets={[{ submissionId, selection: { message: message.key }, count: message.count }]}
    onDone={onDone} onCancel={onCancel} />
);
