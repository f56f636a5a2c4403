import type { AppConfig } from './config.js';
import { caseDueWorkHandlers } from './modules/cases/cases.jobs.js';
import type { DueWorkHandlers } from './platform/due-work.js';
import type { MessageSenders } from './platform/outbox.js';

/** Every module's due-work handlers, by kind. One line per module. */
export function dueWorkHandlers(): DueWorkHandlers {
  return {
    ...caseDueWorkHandlers(),
  };
}

/** How outgoing messages leave the system; channels without a sender wait (visible in the outbox). */
export function messageSenders(_config: AppConfig): MessageSenders {
  return {};
}
