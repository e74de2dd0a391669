import { deleteExpiredCredentials } from '../core/users/expired-credentials.js';
import { defineJob } from './agenda.js';

/** Expired sessions and dead API tokens, deleted every hour. */
export default defineJob({
  name: 'cleanup-sessions',
  every: '1 hour',
  concurrency: 1,
  handler: async (_data, { log }) => {
    const removed = await deleteExpiredCredentials();
    log.info(removed, 'removed expired sessions and tokens');
  },
});
