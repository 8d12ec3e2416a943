// Cuts stdin's bytes into lines, each with its own line ending, so that a line that is not
// rendered is written back byte for byte. A line longer than MAX_LINE_BYTES is passed on in
// pieces as it comes (it is no log line to render), so memory stays bounded.

/** Longer lines are not rendered. */
export const MAX_LINE_BYTES = 8 * 1024 * 1024;

export interface Line {
  /** The line's bytes, its ending included. */
  readonly bytes: Buffer;
  /** The text without its ending, or undefined for a piece of an over-long line. */
  readonly text: string | undefined;
}

export class LineSplitter {
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  /** Within an over-long line: pieces go out as they come, up to its end. */
  #overlong = false;

  constructor(private readonly maxLineBytes = MAX_LINE_BYTES) {}

  /** The lines `chunk` completes (and pieces of an over-long one). */
  push(chunk: Buffer): Line[] {
    const lines: Line[] = [];
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      this.#add(chunk.subarray(start, nl + 1), lines, true);
      start = nl + 1;
    }
    if (start < chunk.length) this.#add(chunk.subarray(start), lines, false);
    return lines;
  }

  /** At the end of input: the last line, if it had no line ending. */
  end(): Line[] {
    if (this.#pendingBytes === 0) return [];
    const bytes = this.#take();
    return [this.#overlong ? { bytes, text: undefined } : { bytes, text: textOf(bytes) }];
  }

  #add(piece: Buffer, lines: Line[], complete: boolean): void {
    if (this.#overlong) {
      lines.push({ bytes: Buffer.from(piece), text: undefined });
      if (complete) this.#overlong = false;
      return;
    }
    this.#pending.push(complete ? piece : Buffer.from(piece));
    this.#pendingBytes += piece.length;
    if (complete) {
      const bytes = this.#take();
      lines.push({ bytes, text: textOf(bytes) });
    } else if (this.#pendingBytes > this.maxLineBytes) {
      lines.push({ bytes: this.#take(), text: undefined });
      this.#overlong = true;
    }
  }

  #take(): Buffer {
    const bytes = this.#pending.length === 1 ? (this.#pending[0] as Buffer) : Buffer.concat(this.#pending);
    this.#pending = [];
    this.#pendingBytes = 0;
    return bytes;
  }
}

function textOf(bytes: Buffer): string {
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === 10) end--;
  if (end > 0 && bytes[end - 1] === 13) end--;
  return bytes.toString('utf8', 0, end);
}
