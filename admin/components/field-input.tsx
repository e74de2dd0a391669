import React from 'react';
import { ApiClient } from 'adminjs';
import { Input, SelectAsync } from '@adminjs/design-system';
import type { FieldDescription, VocabularyTable } from '../../core/fixes/editable-fields.js';

const api = new ApiClient();

/** The panel resource of each vocabulary a field points into (searched as the curator types). */
const VOCABULARY_RESOURCES: Record<VocabularyTable, string> = {
  sexes: 'Sex',
  breeds: 'Breed',
  organism_parts: 'OrganismPart',
  developmental_stages: 'DevelopmentalStage',
  physiological_stages: 'PhysiologicalStage',
};

export type FieldValue = string;

interface Props {
  field: FieldDescription;
  value: FieldValue;
  onChange(value: FieldValue): void;
  id?: string;
  /** Choices computed by the server for this record (an animal's breeds). */
  choices?: string[];
}

const selectStyle: React.CSSProperties = {
  width: '100%', height: 38, border: '1px solid #c0c0ca', borderRadius: 4, padding: '0 8px', background: '#fff', fontSize: 14,
};

interface Option {
  value: string;
  label: string;
}

const toOption = (label: string): Option => ({ value: label, label });

/**
 * One value for one editable field, as the IMAGE rules allow it: a dropdown for limited values and
 * units, search-as-you-type for vocabularies (never a dropdown of every row), a number or date box,
 * free text otherwise. An empty value clears the field.
 */
export const FieldInput: React.FC<Props> = ({ field, value, onChange, id, choices }) => {
  const name = id ?? field.name;
  const list = choices ?? (field.kind === 'limited' || field.kind === 'unit' ? field.values : undefined);
  if (list && !field.acceptsUrl) {
    return (
      <select id={name} name={field.name} value={value} onChange={(e) => onChange(e.target.value)} style={selectStyle} data-field={field.name}>
        <option value="">{field.required ? 'Choose…' : '(empty)'}</option>
        {list.map((v) => <option key={v} value={v}>{v}</option>)}
        {value && !list.includes(value) && <option value={value}>{value} (not allowed)</option>}
      </select>
    );
  }
  if (list) {
    // Availability: one of the values, or a link (URL or mailto:) to ask for the sample.
    return (
      <>
        <Input id={name} name={field.name} width={1} list={`${name}-values`} value={value} data-field={field.name}
          placeholder="a value from the list, a URL or a mailto: address" onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(e.target.value)} />
        <datalist id={`${name}-values`}>{list.map((v) => <option key={v} value={v} />)}</datalist>
      </>
    );
  }
  if (field.kind === 'vocabulary' && field.vocabulary) {
    const resourceId = VOCABULARY_RESOURCES[field.vocabulary];
    const load = async (query: string): Promise<Option[]> => {
      const records = await api.searchRecords({ resourceId, query });
      return [...new Set(records.map((r) => String(r.params.label ?? r.title)))].map(toOption);
    };
    return (
      <div data-field={field.name}>
        <SelectAsync inputId={name} cacheOptions defaultOptions loadOptions={load} placeholder="Type to search…"
          value={value ? toOption(value) : null} onChange={(o: Option | null) => onChange(o?.value ?? '')}
          noOptionsMessage={({ inputValue }: { inputValue: string }) => (inputValue ? `No term matches '${inputValue}'` : 'Type to search')} />
      </div>
    );
  }
  const placeholder = field.kind === 'date' ? 'YYYY-MM-DD, YYYY-MM or YYYY' : field.kind === 'number' ? 'a number' : '';
  return (
    <Input id={name} name={field.name} width={1} value={value} placeholder={placeholder} data-field={field.name}
      inputMode={field.kind === 'number' ? 'decimal' : undefined} maxLength={field.maxLength}
      onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(e.target.value)} />
  );
};

/** "Sample storage", "Animal age at collection unit": the field as curators know it. */
export const fieldLabel = (field: FieldDescription): string => (field.kind === 'unit' ? `${field.attribute} unit` : field.attribute);

/** What the API expects: null clears, numbers stay text (the server reads them). */
export const apiValue = (value: FieldValue): string | null => (value.trim() === '' ? null : value.trim());
