import { apiTransport } from './api-transport.js';
import type { GoogleCloudTransportOptions } from './options.js';
import { resolveOptions } from './resolve-options.js';
import { stdoutTransport } from './stdout-transport.js';
import type { GoogleCloudTransport } from './transport-types.js';

/**
 * Ships records to Google Cloud Logging so that they look native in Logs Explorer: severity,
 * `httpRequest` on access lines, a request's lines grouped under its trace. In `api` mode
 * through `@google-cloud/logging` in bounded batches; in `stdout` mode as structured JSON lines
 * for the platform's logging agent. Options are checked here: a TypeError says what is wrong.
 */
export function googleCloudTransport(options: GoogleCloudTransportOptions = {}): GoogleCloudTransport {
  const resolved = resolveOptions(options);
  const transport = resolved.mode === 'api' ? apiTransport(resolved) : stdoutTransport(resolved);
  return Object.assign(transport, { [Symbol.asyncDispose]: () => transport.close() });
}
