import { deleteExpiredCredentials } from '../core/users/expired-credentials.js';
import { defineJob } from './agenda.js';

/** Expired sessions, dead API tokens and old login failures, deleted every hour. */
export default defineJob({
  name: 'cleanup-sessions',
  every: '1 hour',
  concurrency: 1,
  handler: async (_data, { log }) => {
    const removed = await deleteExpiredCredentials();
    log.info(removed, 'removed expired sessions, tokens and login failures');
  },
});
