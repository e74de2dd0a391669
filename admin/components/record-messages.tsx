import React from 'react';
import { Box, Text } from '@adminjs/design-system';
import { LEVEL_COLOURS } from './form-parts.js';

export interface RecordMessage {
  field: string;
  level: 'warning' | 'error';
  message: string;
  key?: string;
}

/** Validation messages, each in its level's colour (errors red, warnings yellow). */
export const RecordMessages: React.FC<{ messages: RecordMessage[]; testId?: string }> = ({ messages, testId }) => (
  <Box data-testid={testId}>
    {messages.map((m, i) => (
      <div key={`${m.key ?? m.field}-${i}`} data-message-level={m.level} data-field={m.field}
        style={{ background: LEVEL_COLOURS[m.level][0], color: LEVEL_COLOURS[m.level][1], borderRadius: 4, padding: '6px 10px', margin: '4px 0' }}>
        <Text as="span" fontWeight="bold" style={{ color: 'inherit' }}>{m.level === 'error' ? 'Error' : 'Warning'}{m.field ? ` · ${m.field}` : ''}: </Text>
        <span style={{ whiteSpace: 'pre-wrap' }}>{m.message}</span>
      </div>
    ))}
  </Box>
);
