import React from 'react';
import { Box, H4, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import type { SubmissionProblem } from '../../core/db/entities/submission.js';
import { LevelBadge, plural } from './form-parts.js';

/**
 * What the last job found in the file, located by sheet, row and column. Values are whatever the
 * file held (HTML or script included): React renders them as text, never as markup.
 */
export const ProblemList: React.FC<{ problems: SubmissionProblem[]; total: number }> = ({ problems, total }) => {
  if (!problems.length) return null;
  const errors = problems.filter((p) => p.level === 'error').length;
  return (
    <Box variant="card" p="xl" mb="xl" data-testid="problems">
      <H4>Problems found in the file</H4>
      <Text mb="lg">
        {total > problems.length
          ? <strong data-testid="problems-capped">{total.toLocaleString()} problems: showing the first {problems.length.toLocaleString()} of {total.toLocaleString()} problems ({plural(errors, 'error')}, {plural(problems.length - errors, 'warning')} among them)</strong>
          : <>{plural(errors, 'error')} and {plural(problems.length - errors, 'warning')}</>}
      </Text>
      <Table width={1}>
        <TableHead>
          <TableRow>
            <TableCell>Level</TableCell>
            <TableCell>Sheet</TableCell>
            <TableCell>Row</TableCell>
            <TableCell>Column</TableCell>
            <TableCell>Value</TableCell>
            <TableCell>Message</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {problems.map((p, i) => (
            <TableRow key={i} data-problem={p.level}>
              <TableCell><LevelBadge level={p.level} /></TableCell>
              <TableCell style={{ whiteSpace: 'nowrap' }}>{p.sheet ?? ''}</TableCell>
              <TableCell>{p.row ?? ''}</TableCell>
              <TableCell>{p.column ?? ''}</TableCell>
              <TableCell style={{ maxWidth: 240, overflowWrap: 'anywhere' }}>{p.value ?? ''}</TableCell>
              <TableCell style={{ whiteSpace: 'pre-wrap' }}>{p.message}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};
