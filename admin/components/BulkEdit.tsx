import React, { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { ActionProps } from 'adminjs';
import { Box, H3, Link, Loader, MessageBox, Text } from '@adminjs/design-system';
import type { FieldDescription } from '../../core/fixes/editable-fields.js';
import { plural } from './form-parts.js';
import { apiGet, panelUrl, problemText } from './panel-api.js';
import { queryOf, type RecordFilter, type RecordType } from './record-table.js';
import { SetFieldForm, type FixTarget } from './set-field-form.js';

/** The list filters "all matching" can carry to the fix API; any other would select more than the list shows. */
const CARRIED: Record<string, keyof RecordFilter> = {
  'filters.status': 'status',
  'filters.validation': 'validation',
  'filters.name': 'q',
  'filters.message': 'message',
};

type Plan = { targets: FixTarget[]; submissions: number[] } | { refusal: string };

/** Selected records, grouped by submission (one fix each). */
function selectedTargets(records: NonNullable<ActionProps['records']>): Plan {
  const bySubmission = new Map<number, number[]>();
  for (const r of records) {
    const submission = Number(r.params.submission);
    bySubmission.set(submission, [...(bySubmission.get(submission) ?? []), Number(r.id)]);
  }
  const targets = [...bySubmission].map(([submissionId, ids]) => ({ submissionId, selection: { ids }, count: ids.length }));
  return { targets, submissions: [...bySubmission.keys()] };
}

/** Every record matching the list's filters, on every page: the list must show one submission. */
async function matchingTargets(type: RecordType, search: string): Promise<Plan> {
  const query = new URLSearchParams(search);
  const submissionId = Number(query.get('filters.submission'));
  if (!submissionId) return { refusal: `Filter the list by submission first: a change to every matching ${type} applies within one submission.` };
  const filter: RecordFilter = {};
  const others: string[] = [];
  for (const [key, value] of query) {
    if (!key.startsWith('filters.') || key === 'filters.submission' || key === 'filters.owner' || !value) continue;
    if (CARRIED[key]) filter[CARRIED[key]] = value;
    else others.push(key.slice('filters.'.length));
  }
  if (others.length) {
    return { refusal: `Only the submission, status, validation, name and message filters can select records here (not ${others.join(', ')}): select the records on the list instead.` };
  }
  const page = await apiGet<{ total: number }>(`/api/submissions/${submissionId}/${type}s?${queryOf(filter)}`);
  if (!page.total) return { refusal: `No ${type} matches the filter.` };
  return { targets: [{ submissionId, selection: { filter }, count: page.total }], submissions: [submissionId] };
}

/**
 * Bulk edit on the Animal and Sample lists: one value for one field on the selected records, or on
 * every record matching the list's filter across all its pages; the fix job applies it.
 */
const BulkEdit: React.FC<ActionProps> = ({ resource, records, action }) => {
  const location = useLocation();
  const navigate = useNavigate();
  const backToList = () => navigate({ pathname: `/admin/resources/${resource.id}`, search: location.search });
  const type: RecordType = resource.id === 'Animal' ? 'animal' : 'sample';
  const [fields, setFields] = useState<FieldDescription[] | null>(null);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    apiGet<Record<RecordType, FieldDescription[]>>('/api/editable-fields')
      .then((all) => setFields(all[type].filter((f) => f.batch)))
      .catch((err) => setFailure(problemText(err)));
    const planned = action.name === 'bulkEdit' ? Promise.resolve(selectedTargets(records ?? [])) : matchingTargets(type, location.search);
    planned.then(setPlan).catch((err) => setFailure(problemText(err)));
  }, [type, action.name, records, location.search]);

  if (failure) return <MessageBox variant="danger" message={failure} m="xl" />;
  if (!fields || !plan) return <Loader />;
  return (
    <Box variant="container" p="xl" data-testid="bulk-edit">
      <H3>{action.name === 'bulkEdit' ? `Set a field on the selected ${type}s` : `Set a field on every matching ${type}`}</H3>
      {'refusal' in plan && <MessageBox variant="info" message={plan.refusal} data-testid="bulk-refusal" />}
      {'targets' in plan && !done && (
        <>
          <Text mb="lg">
            {plural(plan.targets.reduce((n, t) => n + t.count, 0), type)} will get the value; each needs a new validation afterwards.
          </Text>
          <SetFieldForm type={type} fields={fields} targets={plan.targets} onDone={setDone} onCancel={backToList} />
        </>
      )}
      {done && 'targets' in plan && (
        <MessageBox variant="success" message={done} data-testid="bulk-done">
          <Text mt="default">
            Follow it on {plan.submissions.map((id, i) => (
              <React.Fragment key={id}>{i ? ', ' : ''}<Link href={panelUrl.submission(id)}>submission {id}</Link></React.Fragment>
            ))}.
          </Text>
        </MessageBox>
      )}
    </Box>
  );
};

export default BulkEdit;
