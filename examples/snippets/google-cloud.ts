// @cloudlog/google-cloud: native-looking entries in Logs Explorer, stdout or API.
import { configure, flushOnExit, getLogger } from '@cloudlog/core';
import { googleCloudTransport } from '@cloudlog/google-cloud';

// auto: structured stdout on Cloud Run, Cloud Run functions and GKE (K_SERVICE, FUNCTION_TARGET,
// KUBERNETES_SERVICE_HOST); the Cloud Logging API elsewhere.
configure({ level: 'info', transports: [googleCloudTransport({ labels: { service: 'orders' } })] });
flushOnExit(getLogger());
getLogger('orders').info({ orderId: 'o-1' }, 'order placed');

// Explicitly through the API, with the request log on its own log name:
export const api = googleCloudTransport({ mode: 'api', projectId: 'my-project', logName: 'web' });
// Explicitly to stdout (for the logging agent), whatever the platform:
export const structured = googleCloudTransport({ mode: 'stdout' });
