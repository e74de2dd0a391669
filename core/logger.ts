import pino from 'pino';

/** One structured line per event; children carry jobId / submissionId. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  base: { pid: process.pid },
});
