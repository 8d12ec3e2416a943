// Placeholder until the queue branch lands its rate-limited reporter (same signature).
export function createErrorReporter(
  source: string,
  options: { readonly write?: (line: string) => void } = {},
): (error: unknown) => void {
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  return (error) => {
    try {
      write(`cloudlog[${source}]: ${error instanceof Error ? error.message : String(error)}\n`);
    } catch {}
  };
}
