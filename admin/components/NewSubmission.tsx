import React, { useState } from 'react';
import { useNavigate } from 'react-router';
import type { ActionProps } from 'adminjs';
import {
  Box, Button, DropZone, FormGroup, Input, Label, Link, MessageBox, Select, Text, TextArea,
} from '@adminjs/design-system';
import { apiSend, ApiFailure, panelUrl, problemText, TEMPLATE_URL } from './panel-api.js';
import { FieldError } from './form-parts.js';
import { FormLoading, useFormSettings } from './form-settings.js';

interface FormOptions {
  countries: string[];
  datasourceTypes: { value: string; label: string }[];
  maxUploadMb: number;
}

interface Option {
  value: string;
  label: string;
}

const MB = 1024 * 1024;

const TEXT_FIELDS: [name: string, label: string, hint?: string][] = [
  ['title', 'Title'],
  ['geneBankName', 'Gene bank name'],
  ['datasourceVersion', 'Data source version', 'e.g. the date of the export; a new version of the same gene bank data is a new submission'],
];

/**
 * "New submission": the fields of the original tool's form and the file, sent to
 * `POST /api/submissions`; then the live page of the new submission.
 */
const NewSubmission: React.FC<ActionProps> = ({ resource }) => {
  const navigate = useNavigate();
  const { settings: options, failure, setFailure } = useFormSettings<FormOptions>({ resourceId: resource.id, actionName: 'newSubmission' });
  const [values, setValues] = useState<Record<string, string>>({ datasourceType: 'template' });
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const set = (name: string) => (value: string) => setValues((v) => ({ ...v, [name]: value }));

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const missing = Object.fromEntries(
      [...TEXT_FIELDS.map(([n]) => n), 'geneBankCountry'].filter((n) => !values[n]?.trim()).map((n) => [n, 'Required']),
    );
    if (!file) missing.file = 'Choose the file to import';
    setErrors(missing);
    setFailure(null);
    if (Object.keys(missing).length) return;
    const form = new FormData();
    for (const [k, v] of Object.entries(values)) form.append(k, v);
    form.append('file', file!);
    setBusy(true);
    try {
      const created = await apiSend<{ id: number }>('POST', '/api/submissions', form);
      navigate(panelUrl.submission(created.id));
    } catch (err) {
      const details = err instanceof ApiFailure ? err.details.filter((d) => d.field) : [];
      setErrors(Object.fromEntries(details.map((d) => [d.field!, d.message])));
      setFailure(problemText(err));
      setBusy(false);
    }
  };

  if (!options) return <FormLoading failure={failure} />;
  const types: Option[] = options.datasourceTypes;
  const countries: Option[] = options.countries.map((c) => ({ value: c, label: c }));

  return (
    <Box as="form" onSubmit={submit} variant="container" p="xl" data-testid="new-submission" noValidate>
      <Text mb="xl">
        Upload your data as the IMAGE Excel template, a CRB-Anim CSV export or a CryoWeb database dump.
        No template yet? <Link href={TEMPLATE_URL} data-testid="template-link">Download the empty IMAGE template</Link>.
      </Text>
      {TEXT_FIELDS.slice(0, 1).map(([name, label]) => (
        <TextField key={name} name={name} label={label} value={values[name]} error={errors[name]} onChange={set(name)} />
      ))}
      <FormGroup>
        <Label htmlFor="description">Description</Label>
        <TextArea id="description" name="description" width={1} rows={3} value={values.description ?? ''}
          onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => set('description')(e.target.value)} />
      </FormGroup>
      {TEXT_FIELDS.slice(1, 2).map(([name, label]) => (
        <TextField key={name} name={name} label={label} value={values[name]} error={errors[name]} onChange={set(name)} />
      ))}
      <FormGroup error={!!errors.geneBankCountry} data-testid="gene-bank-country">
        <Label required htmlFor="geneBankCountry">Gene bank country</Label>
        <Select inputId="geneBankCountry" options={countries} placeholder="Type to find the country"
          value={countries.find((c) => c.value === values.geneBankCountry) ?? null}
          onChange={(o: Option | null) => set('geneBankCountry')(o?.value ?? '')} />
        <FieldError message={errors.geneBankCountry} />
      </FormGroup>
      <FormGroup error={!!errors.datasourceType}>
        <Label required htmlFor="datasourceType">Data source type</Label>
        <Select inputId="datasourceType" options={types} isClearable={false}
          value={types.find((t) => t.value === values.datasourceType) ?? null}
          onChange={(o: Option | null) => set('datasourceType')(o?.value ?? 'template')} />
        <FieldError message={errors.datasourceType} />
      </FormGroup>
      {TEXT_FIELDS.slice(2).map(([name, label, hint]) => (
        <TextField key={name} name={name} label={label} hint={hint} value={values[name]} error={errors[name]} onChange={set(name)} />
      ))}
      <FormGroup error={!!errors.file} data-testid="file">
        <Label required>File (up to {options.maxUploadMb} MB)</Label>
        <DropZone onChange={(files: File[]) => setFile(files[0] ?? null)} validate={{ maxSize: options.maxUploadMb * MB }}
          uploadLimitIn="KB" translations={{ placeholder: 'Drop the file here, or click to choose it', acceptedSize: `Up to ${options.maxUploadMb} MB`, unsupportedSize: `This file is larger than ${options.maxUploadMb} MB` }} />
        <FieldError message={errors.file} />
      </FormGroup>
      {failure && <MessageBox variant="danger" message={failure} mb="lg" data-testid="form-error" />}
      <Button type="submit" variant="contained" disabled={busy} data-testid="create-submission">
        {busy ? 'Uploading…' : 'Create and import'}
      </Button>
    </Box>
  );
};

const TextField: React.FC<{ name: string; label: string; hint?: string; value?: string; error?: string; onChange(v: string): void }> = (
  { name, label, hint, value, error, onChange },
) => (
  <FormGroup error={!!error}>
    <Label required htmlFor={name}>{label}</Label>
    <Input id={name} name={name} width={1} value={value ?? ''} maxLength={255}
      onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(e.target.value)} />
    {hint && <Text variant="sm" color="grey60" mt="sm">{hint}</Text>}
    <FieldError message={error} />
  </FormGroup>
);

export default NewSubmission;
