import type { FastifyBaseLogger } from 'fastify';
import { type DueWorkHandlers, runDueWork, type SweepDeps } from './due-work.js';
import { deliverOutbox, type MessageSenders } from './outbox.js';

/**
 * The sweeper runs in every instance. The timer only decides how often to look; what is due
 * lives in the database, so nothing is lost on restart and several instances share the work.
 */
export interface Sweeper {
  /** one pass: due work, then outgoing messages */
  sweepOnce(): Promise<void>;
  stop(): Promise<void>;
}

export function startSweeper(
  deps: SweepDeps & { log?: FastifyBaseLogger },
  work: { handlers: DueWorkHandlers; senders: MessageSenders },
  intervalMs: number,
): Sweeper {
  let running: Promise<void> | null = null;
  let stopped = false;
  const sweepOnce = async () => {
    if (running) return running;
    running = (async () => {
      try {
        await runDueWork(deps, work.handlers);
        await deliverOutbox(deps, work.senders);
      } catch (error) {
        deps.log?.error({ err: error }, 'sweep failed');
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped) void sweepOnce();
  }, intervalMs);
  timer.unref();
  return {
    sweepOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}
