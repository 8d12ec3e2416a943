// cloudlog levels to Cloud Logging severities.
// @see https://cloud.google.com/logging/docs/reference/v2/rest/v2/LogEntry#logseverity

export type Severity =
  | 'DEFAULT'
  | 'DEBUG'
  | 'INFO'
  | 'NOTICE'
  | 'WARNING'
  | 'ERROR'
  | 'CRITICAL'
  | 'ALERT'
  | 'EMERGENCY';

/** trace and debug DEBUG, info INFO, warn WARNING, error ERROR, fatal CRITICAL. */
export function severityOf(level: number): Severity {
  if (level >= 60) return 'CRITICAL';
  if (level >= 50) return 'ERROR';
  if (level >= 40) return 'WARNING';
  if (level >= 30) return 'INFO';
  return 'DEBUG';
}
