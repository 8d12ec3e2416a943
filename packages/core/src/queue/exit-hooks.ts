/** What a queue does when the process is about to exit. @internal */
export interface ExitHook {
  /** The event loop drained ('beforeExit'): the queue may start async work to deliver what it holds. */
  beforeExit(): void;
  /** The process is exiting now ('exit', also after `process.exit()`): only synchronous work is possible. */
  exit(): void;
}

// One 'beforeExit' and one 'exit' listener serve every queue of this module instance, attached
// only while some queue holds items: any number of live queues (hundreds in a test run) then
// never trips MaxListenersExceededWarning, and an idle program keeps no listener of ours.
const hooks = new Set<ExitHook>();

function runHooks(event: 'beforeExit' | 'exit'): void {
  for (const hook of [...hooks]) {
    try {
      hook[event]();
    } catch {
      // One queue's failure must not keep the others from doing their part.
    }
  }
}

const onBeforeExit = (): void => runHooks('beforeExit');
const onExit = (): void => runHooks('exit');

/** Registers `hook` until removed; adding the same hook twice is a no-op. @internal */
export function addExitHook(hook: ExitHook): void {
  if (hooks.size === 0) {
    process.on('beforeExit', onBeforeExit);
    process.on('exit', onExit);
  }
  hooks.add(hook);
}

/** @internal */
export function removeExitHook(hook: ExitHook): void {
  if (!hooks.delete(hook) || hooks.size > 0) return;
  process.removeListener('beforeExit', onBeforeExit);
  process.removeListener('exit', onExit);
}
