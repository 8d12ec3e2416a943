import { configure, getLogger } from '@cloudlog/core';
import { googleCloudTransport } from '@cloudlog/google-cloud';

// AWS Lambda: stdout already lands in CloudWatch Logs, synchronously, with no API calls to wait
// for when the invocation is frozen. JSON lines keep every field searchable in Logs Insights.
if (process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined) {
  configure({ level: 'info' }); // json() to stdout
}

// Cloud Run, Cloud Run functions, GKE: structured JSON on stdout, read by the logging agent,
// with severity, httpRequest and trace keys: CPU is throttled after the response, so nothing
// is left to ship afterwards.
if (process.env.K_SERVICE !== undefined) {
  configure({ level: 'info', transports: [googleCloudTransport({ mode: 'stdout' })] });
}

getLogger('handler').info('ready');
