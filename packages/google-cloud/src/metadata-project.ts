// The project id from the metadata server, for stdout mode on Google Cloud when neither the
// `projectId` option nor the environment names it (Cloud Run does not set GOOGLE_CLOUD_PROJECT).
// `GCE_METADATA_HOST` overrides the host, as in Google's own client libraries.
// @see https://cloud.google.com/compute/docs/metadata/predefined-metadata-keys#project-metadata
import type { Environment } from './platform.js';

const DEFAULT_HOST = 'metadata.google.internal';
const LOOKUP_TIMEOUT_MS = 3_000;

/** Resolves undefined when the server does not answer in time or says nothing useful; never rejects. */
export async function projectIdFromMetadataServer(env: Environment): Promise<string | undefined> {
  const host = env.GCE_METADATA_HOST || DEFAULT_HOST;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), LOOKUP_TIMEOUT_MS);
  timer.unref();
  try {
    const response = await fetch(`http://${host}/computeMetadata/v1/project/project-id`, {
      headers: { 'Metadata-Flavor': 'Google' },
      signal: controller.signal,
    });
    if (!response.ok) return undefined;
    const text = (await response.text()).trim();
    return /^[^/\s]+$/.test(text) ? text : undefined;
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
