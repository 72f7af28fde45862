// Reading a byte stream line by line without holding more than a line.

/**
 * The lines of a stream with their numbers (1 is the first). A line longer than `max` bytes is reported without
 * its text and never held in memory: readline would keep a line of any length whole.
 */
export async function* lines(input: AsyncIterable<Buffer>, max: number): AsyncIterable<{ line: number; text?: string }> {
  let line = 0;
  let parts: Buffer[] = [];
  let size = 0;
  let overflow = false;
  const take = (piece: Buffer) => {
    if (overflow || size + piece.length > max) {
      overflow = true;
      parts = [];
    } else {
      parts.push(piece);
      size += piece.length;
    }
  };
  const end = () => {
    const text = overflow ? undefined : Buffer.concat(parts).toString('utf8').replace(/\r$/, '');
    parts = [];
    size = 0;
    overflow = false;
    return { line: ++line, text };
  };
  for await (const chunk of input) {
    let start = 0;
    for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, start)) {
      take(chunk.subarray(start, newline));
      yield end();
      start = newline + 1;
    }
    take(chunk.subarray(start));
  }
  if (size > 0 || overflow) yield end();
}
