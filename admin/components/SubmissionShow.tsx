import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiClient, type ActionProps } from 'adminjs';
import { Box, H2, H4, Loader, MessageBox, Tab, Tabs, Text } from '@adminjs/design-system';
import type { JobProgress } from '../../core/db/entities/submission.js';
import type { SubmissionOverview } from '../resources/submission-overview.js';
import { SubmissionFacts } from './submission-facts.js';
import { SubmissionCommands } from './submission-commands.js';
import { ProgressBar, StatusBadge } from './form-parts.js';
import { throttle, useSubmissionEvents, type LiveState } from './live-submission.js';
import { ProblemList } from './problem-list.js';
import { RecordTable, type RecordFilter, type RecordType } from './record-table.js';
import { SetFieldForm } from './set-field-form.js';
import { ValidationSummary } from './validation-summary.js';

const api = new ApiClient();

const PHASE_WORDS: Record<JobProgress['phase'], string> = {
  import: 'Rows read',
  validate: 'Records validated',
  fix: 'Records changed',
  submit: 'Records sent to BioSamples',
};

const LIVE_WORDS: Record<LiveState, string> = {
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'connection lost, reconnecting…',
  refused: 'live updates refused',
};

const BUSY = ['waiting', 'submitted'];

/**
 * The submission page: status and progress pushed over Socket.IO (never a reload), the file's
 * problems, record counts, the validation summary with its fixes, and the animals and samples.
 */
const SubmissionShow: React.FC<ActionProps> = ({ record }) => {
  const id = Number(record?.id);
  const [overview, setOverview] = useState<SubmissionOverview | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const [tab, setTab] = useState<RecordType>('animal');
  const [filters, setFilters] = useState<Record<RecordType, RecordFilter>>({ animal: {}, sample: {} });
  const [editing, setEditing] = useState<{ type: RecordType; total: number } | null>(null);
  const listsRef = useRef<HTMLDivElement>(null);

  const load = useCallback(() => {
    api.recordAction({ resourceId: 'Submission', recordId: String(id), actionName: 'overview' })
      .then((r) => {
        const data = r.data as unknown as SubmissionOverview & { notice?: { message: string } };
        if (!data.submission) {
          setFailure(data.notice?.message ?? 'The submission could not be loaded');
          return;
        }
        setOverview(data);
        setFailure(null);
        if (!BUSY.includes(data.submission.status)) setProgress(null);
        else if (data.submission.progress) setProgress((p) => p ?? data.submission.progress);
      })
      .catch(() => setFailure('The submission could not be loaded; the page retries when the connection is back.'));
  }, [id]);

  useEffect(load, [load]);

  // During a submission or a fix, the lists and counts are read again as records change (at most every 1.5 s).
  const listRefresh = useMemo(() => throttle(() => {
    setRefreshKey((k) => k + 1);
    load();
  }, 1500), [load]);
  useEffect(() => () => listRefresh.cancel(), [listRefresh]);

  const live = useSubmissionEvents(id, {
    onStatus: (event) => {
      setOverview((o) => o && { ...o, submission: { ...o.submission, status: event.status, message: event.message } });
      if (!BUSY.includes(event.status)) {
        setProgress(null);
        setNote(null);
      }
      load();
      setRefreshKey((k) => k + 1);
    },
    onProgress: (event) => {
      setProgress(event);
      if (event.phase === 'submit' || event.phase === 'fix') listRefresh.call();
    },
    onReconnected: () => {
      load();
      setRefreshKey((k) => k + 1);
    },
  });

  const showRecords = (type: RecordType, message: { key: string; message: string }) => {
    setTab(type);
    setFilters((f) => ({ ...f, [type]: { message: message.key, messageText: message.message } }));
    listsRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };

  if (failure && !overview) return <MessageBox variant="danger" message={failure} m="xl" />;
  if (!overview) return <Loader />;
  const { submission, validation, can } = overview;
  const busy = BUSY.includes(submission.status);
  const hasRecords = submission.animals.total + submission.samples.total > 0;
  const started = (text: string) => {
    setNote(text);
    load();
  };

  return (
    <Box variant="container" p="xl" data-testid="submission-page">
      <Box flex flexDirection="row" alignItems="center" flexWrap="wrap" style={{ gap: 12 }}>
        <H2 mb="0" data-testid="submission-title">{submission.title}</H2>
        <StatusBadge status={submission.status} testId="submission-status" />
        <Text as="span" variant="sm" color={live === 'live' ? 'success' : 'grey60'} data-testid="live-state" data-live={live}>● {LIVE_WORDS[live]}</Text>
      </Box>
      <Text my="lg" style={{ whiteSpace: 'pre-wrap' }} data-testid="submission-message">{submission.message}</Text>
      {busy && (progress
        ? <ProgressBar done={progress.done} total={progress.total} label={PHASE_WORDS[progress.phase]} />
        : <ProgressBar label="Waiting for the job to start…" />)}
      {note && <MessageBox variant="success" mb="lg" message={note} onCloseClick={() => setNote(null)} data-testid="note" />}
      {failure && <MessageBox variant="danger" mb="lg" message={failure} />}
      <SubmissionCommands submissionId={id} can={can} hasRecords={hasRecords} onStarted={started} />
      <SubmissionFacts submission={submission} fileUrl={`/api/submissions/${id}/file`} />
      <ProblemList problems={submission.errors} total={submission.errorsTotal} />
      <ValidationSummary submissionId={id} summary={validation} fixFields={overview.fixFields} canFix={can.fix}
        outdated={overview.summaryOutdated} onShowRecords={showRecords} onFixQueued={started} />
      <div ref={listsRef} />
      {hasRecords && (
        <Box variant="card" p="xl" data-testid="records">
          <H4>Records</H4>
          <Tabs currentTab={tab} onChange={(t: string) => setTab(t as RecordType)}>
            {(['animal', 'sample'] as const).map((type) => (
              <Tab key={type} id={type} label={`${type === 'animal' ? 'Animals' : 'Samples'} (${submission[type === 'animal' ? 'animals' : 'samples'].total})`}>
                <Box pt="lg">
                  {editing?.type === type && (
                    <Box mb="lg">
                      <SetFieldForm type={type} fields={overview.batchFields[type]}
                        targets={[{ submissionId: id, selection: { filter: withoutText(filters[type]) }, count: editing.total }]}
                        onDone={(text) => { setEditing(null); started(text); }} onCancel={() => setEditing(null)} />
                    </Box>
                  )}
                  <RecordTable submissionId={id} type={type} filter={filters[type]} refreshKey={refreshKey} biosamplesUrl={overview.biosamplesUrl}
                    onFilter={(f) => setFilters((all) => ({ ...all, [type]: f }))}
                    onEditMatching={can.fix && !busy ? (total) => setEditing({ type, total }) : undefined} />
                </Box>
              </Tab>
            ))}
          </Tabs>
        </Box>
      )}
    </Box>
  );
};

const withoutText = ({ messageText: _text, ...filter }: RecordFilter) => filter;

export default SubmissionShow;
