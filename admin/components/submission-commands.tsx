import React, { useState } from 'react';
import { useNavigate } from 'react-router';
import { Box, Button, MessageBox, Text } from '@adminjs/design-system';
import type { SubmissionAbilities } from '../resources/submission-overview.js';
import { apiSend, panelUrl, problemText } from './panel-api.js';

interface Props {
  submissionId: number;
  can: SubmissionAbilities;
  hasRecords: boolean;
  /** After a command the server accepted: the page follows what happens next. */
  onStarted(note: string): void;
}

const WHY_NOT = {
  reload: 'A new file can be loaded once the current job has finished.',
  validate: 'Only a loaded submission, or one that needs revision, can be validated.',
  submit: 'Only a validated submission (ready) can be submitted to BioSamples.',
  delete: 'A submission cannot be deleted while a job works on it or it is being submitted.',
  workbook: 'The submission has no records yet.',
};

/** The submission's commands, enabled by its current status (the server checks again when used). */
export const SubmissionCommands: React.FC<Props> = ({ submissionId, can, hasRecords, onStarted }) => {
  const navigate = useNavigate();
  const [failure, setFailure] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setFailure(null);
    try {
      await work();
    } catch (err) {
      setFailure(problemText(err));
    } finally {
      setBusy(false);
    }
  };

  const validate = () => run(async () => {
    await apiSend('POST', `/api/submissions/${submissionId}/validate`);
    onStarted('Validation started.');
  });

  const remove = () => run(async () => {
    await apiSend('DELETE', `/api/submissions/${submissionId}`);
    navigate(panelUrl.submissions());
  });

  return (
    <Box mb="xl" data-testid="commands">
      <Box flex flexDirection="row" flexWrap="wrap" style={{ gap: 8 }}>
        <Button variant="outlined" type="button" disabled={!can.reload} title={can.reload ? 'Replace the data with a new file' : WHY_NOT.reload}
          onClick={() => navigate(panelUrl.submissionAction(submissionId, 'reload'))} data-testid="reload">Reload</Button>
        <Button variant="contained" type="button" disabled={!can.validate || busy} title={can.validate ? 'Check every record against the IMAGE rules' : WHY_NOT.validate}
          onClick={validate} data-testid="validate">Validate</Button>
        {hasRecords
          ? <Button as="a" variant="outlined" href={`/api/submissions/${submissionId}/workbook.xlsx`} data-testid="workbook"
              title="The records as an IMAGE template, problems marked in red and yellow: correct it and load it with Reload">Download annotated workbook</Button>
          : <Button variant="outlined" type="button" disabled title={WHY_NOT.workbook} data-testid="workbook">Download annotated workbook</Button>}
        <Button variant="contained" type="button" disabled={!can.submit} title={can.submit ? 'Send the records to EBI BioSamples' : WHY_NOT.submit}
          onClick={() => navigate(panelUrl.submissionAction(submissionId, 'submitToBioSamples'))} data-testid="submit">Submit to BioSamples</Button>
        <Button variant="text" type="button" onClick={() => navigate(panelUrl.submissionAction(submissionId, 'edit'))} data-testid="edit">
          Edit title and description
        </Button>
        <Button variant="danger" type="button" disabled={!can.delete || busy} title={can.delete ? 'Delete from InjectTool' : WHY_NOT.delete}
          onClick={() => setConfirmDelete(true)} data-testid="delete">Delete</Button>
      </Box>
      {confirmDelete && (
        <MessageBox variant="danger" mt="lg" message="Delete this submission?" data-testid="confirm-delete" onCloseClick={() => setConfirmDelete(false)}>
          <Text mb="lg">
            Its animals, samples and file are deleted from InjectTool. This never deletes anything from BioSamples:
            records already submitted stay there under their accessions.
          </Text>
          <Button variant="danger" type="button" size="sm" mr="default" disabled={busy} onClick={remove} data-testid="confirm-delete-button">Delete</Button>
          <Button variant="text" type="button" size="sm" onClick={() => setConfirmDelete(false)}>Keep it</Button>
        </MessageBox>
      )}
      {failure && <MessageBox variant="danger" mt="lg" message={failure} data-testid="command-error" />}
    </Box>
  );
};
