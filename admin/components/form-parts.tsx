import React from 'react';
import { Box, FormMessage, Text } from '@adminjs/design-system';

import { STATUS_LABELS } from '../../core/submissions/status-labels.js';

export { STATUS_LABELS };

const STATUS_COLOURS: Record<string, [background: string, text: string]> = {
  waiting: ['#e3ecf7', '#1d4f91'],
  loaded: ['#e8eef0', '#34495e'],
  error: ['#fbe3e4', '#a4000f'],
  need_revision: ['#fdf3d8', '#7a5300'],
  ready: ['#dff1e6', '#1e6b3c'],
  submitted: ['#e3ecf7', '#1d4f91'],
  completed: ['#2f6b4f', '#ffffff'],
};

export const LEVEL_COLOURS: Record<string, [background: string, text: string]> = {
  pass: ['#dff1e6', '#1e6b3c'],
  warning: ['#fdf3d8', '#7a5300'],
  error: ['#fbe3e4', '#a4000f'],
};

const pill = ([background, color]: [string, string]): React.CSSProperties => ({
  background, color, borderRadius: 12, padding: '2px 10px', fontSize: 12, fontWeight: 600, whiteSpace: 'nowrap', display: 'inline-block',
});

export const StatusBadge: React.FC<{ status: string; testId?: string }> = ({ status, testId }) => (
  <span style={pill(STATUS_COLOURS[status] ?? STATUS_COLOURS.loaded)} data-testid={testId} data-status={status}>
    {STATUS_LABELS[status] ?? status}
  </span>
);

export const LevelBadge: React.FC<{ level: string | null }> = ({ level }) => (
  level ? <span style={pill(LEVEL_COLOURS[level] ?? LEVEL_COLOURS.warning)} data-level={level}>{level}</span> : <Text as="span" color="grey60" style={{ whiteSpace: 'nowrap' }}>not validated</Text>
);

export const FieldError: React.FC<{ message?: string }> = ({ message }) => (message ? <FormMessage>{message}</FormMessage> : null);

const STRIPES = 'repeating-linear-gradient(45deg, #9cc3b0 0 10px, #d4e7dd 10px 20px)';

/** A bar filled to done/total when the total is known; striped while the amount of work is not known yet. */
export const ProgressBar: React.FC<{ done?: number; total?: number; label: string }> = ({ done = 0, total = 0, label }) => {
  const known = total > 0;
  const percent = known ? Math.min(100, Math.round((done / total) * 100)) : 0;
  const count = known ? `: ${done.toLocaleString()} of ${total.toLocaleString()} (${percent}%)` : done > 0 ? `: ${done.toLocaleString()} so far` : '';
  return (
    <Box my="lg" data-testid="progress" data-done={done} data-total={total}>
      <Text mb="sm">{label}{count}</Text>
      <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={known ? percent : undefined}
        style={{ height: 10, background: known ? '#e8eef0' : STRIPES, borderRadius: 5, overflow: 'hidden' }}>
        {known && <div style={{ width: `${percent}%`, height: '100%', background: '#3f8063', transition: 'width 0.3s' }} />}
      </div>
    </Box>
  );
};

export const plural = (n: number, word: string): string => `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;
