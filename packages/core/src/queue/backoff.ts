/**
 * "Full jitter" exponential backoff, as recommended by AWS
 * (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/):
 * `random() * min(maxDelayMs, baseDelayMs * 2 ** attempt)`, in ms.
 * Spreading retries over the whole window keeps many clients that failed together from
 * retrying together.
 *
 * @param attempt 0 for the delay after the first failed attempt.
 * @param random returns a number in [0, 1); out-of-range values are clamped, a throw counts as 1.
 */
export function fullJitterDelay(
  attempt: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt));
  let fraction: number;
  try {
    fraction = random();
  } catch {
    fraction = 1;
  }
  if (!(fraction >= 0)) fraction = fraction < 0 ? 0 : 1; // NaN and non-numbers wait the longest
  return Math.min(fraction, 1) * ceiling;
}
