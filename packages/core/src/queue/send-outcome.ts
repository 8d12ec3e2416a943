/** True for anything `await` would treat as a promise. Never throws. @internal */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  try {
    return (
      (typeof value === 'object' || typeof value === 'function') &&
      value !== null &&
      typeof (value as { then?: unknown }).then === 'function'
    );
  } catch {
    return false;
  }
}

/**
 * Reads `SendResult.dropped` from whatever `send` resolved with: positive integer counts by
 * reason, capped so that their total never exceeds the batch. Returns undefined when there
 * are none (the common case). Never throws.
 * @internal
 */
export function readSinkDrops(result: unknown, batchLength: number): Map<string, number> | undefined {
  try {
    if (typeof result !== 'object' || result === null) return undefined;
    const dropped: unknown = (result as { dropped?: unknown }).dropped;
    if (typeof dropped !== 'object' || dropped === null) return undefined;
    let drops: Map<string, number> | undefined;
    let left = batchLength;
    for (const [reason, count] of Object.entries(dropped)) {
      if (left === 0) break;
      if (typeof count !== 'number' || !Number.isSafeInteger(count) || count <= 0) continue;
      const taken = Math.min(count, left);
      left -= taken;
      drops ??= new Map();
      drops.set(reason, (drops.get(reason) ?? 0) + taken);
    }
    return drops;
  } catch {
    return undefined;
  }
}
