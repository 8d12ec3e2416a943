type ExitHook = () => void;

// One 'beforeExit' listener serves every queue of this module instance, attached only while
// some queue holds items: any number of live queues (hundreds in a test run) then never trips
// MaxListenersExceededWarning, and an empty program keeps no listener of ours.
const hooks = new Set<ExitHook>();

function runExitHooks(): void {
  for (const hook of [...hooks]) {
    try {
      hook();
    } catch {
      // A queue's exit flush must not keep the others from starting theirs.
    }
  }
}

/** Calls `hook` on each `process` 'beforeExit' until removed; adding the same hook twice is a no-op. @internal */
export function addExitHook(hook: ExitHook): void {
  if (hooks.size === 0) process.on('beforeExit', runExitHooks);
  hooks.add(hook);
}

/** @internal */
export function removeExitHook(hook: ExitHook): void {
  if (!hooks.delete(hook)) return;
  if (hooks.size === 0) process.removeListener('beforeExit', runExitHooks);
}
