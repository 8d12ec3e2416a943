// The term form of CloudWatch Logs filter patterns, for FilterLogEvents on unstructured messages:
// `ERROR timeout` (every term), `"connection reset"` (a phrase), `?ERROR ?WARN` (any of these),
// `-DEBUG` (none of these). Matching is case-sensitive and by substring.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html

import { invalidParameter } from './service-error.js';

export type MessageMatcher = (message: string) => boolean;

interface Terms {
  readonly required: string[];
  readonly optional: string[];
  readonly excluded: string[];
}

export function compileFilterPattern(pattern: string | undefined): MessageMatcher {
  const text = (pattern ?? '').trim();
  if (text === '') return () => true;
  if (/^[{[%]/.test(text)) {
    throw invalidParameter(
      'The local CloudWatch Logs server implements only term filter patterns ' +
        '(terms, "quoted phrases", ?any-of and -excluded terms), not JSON, space-delimited or regex patterns.',
    );
  }
  const { required, optional, excluded } = parseTerms(text);
  return (message) =>
    required.every((term) => message.includes(term)) &&
    !excluded.some((term) => message.includes(term)) &&
    (optional.length === 0 || optional.some((term) => message.includes(term)));
}

function parseTerms(text: string): Terms {
  const terms: Terms = { required: [], optional: [], excluded: [] };
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i] as string)) {
      i++;
      continue;
    }
    let bucket = terms.required;
    if ((text[i] === '?' || text[i] === '-') && i + 1 < text.length && !/\s/.test(text[i + 1] as string)) {
      bucket = text[i] === '?' ? terms.optional : terms.excluded;
      i++;
    }
    if (text[i] === '"') {
      const { phrase, end } = readPhrase(text, i + 1);
      bucket.push(phrase);
      i = end;
    } else {
      let end = i;
      while (end < text.length && !/\s/.test(text[end] as string)) end++;
      const term = text.slice(i, end);
      if (term.includes('"')) throw invalidParameter('Invalid filter pattern');
      bucket.push(term);
      i = end;
    }
  }
  return terms;
}

/** Reads a quoted phrase starting after its opening quote; `\"` and `\\` are escapes. */
function readPhrase(text: string, start: number): { phrase: string; end: number } {
  let phrase = '';
  for (let i = start; i < text.length; i++) {
    const char = text[i] as string;
    if (char === '\\' && i + 1 < text.length) {
      phrase += text[i + 1];
      i++;
    } else if (char === '"') {
      return { phrase, end: i + 1 };
    } else {
      phrase += char;
    }
  }
  throw invalidParameter('Invalid filter pattern');
}
