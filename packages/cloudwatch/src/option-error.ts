export const PACKAGE_NAME = '@cloudlog/cloudwatch';

/** A construction error: says what was wrong and what is allowed; `cause.package` names this package. */
export function optionError(message: string): TypeError {
  return new TypeError(`cloudWatchTransport: ${message}`, { cause: { package: PACKAGE_NAME } });
}

/** A short description of a value for an error message. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value);
  if (typeof value === 'function') return 'a function';
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
