// The exception type of a stack trace that came without `error.type`: a plain-text trace
// the log pipeline joined into one record. Python names it on the last line, V8, Java and
// .NET on the first, Go's panics say `panic: runtime error: …` or `panic: <value>`.
const IDENTIFIER = String.raw`[A-Za-z_$][\w$]*(?:[.$][A-Za-z_$][\w$]*)*`;
const FIRST_LINE = new RegExp(`^(?:Exception in thread "[^"]*" |Uncaught )?(${IDENTIFIER})(?::\\s|:?$)`);
const PYTHON_LAST = new RegExp(`^(${IDENTIFIER})(?::\\s|:?$)`);

export function exceptionType(stack: string): string {
  const lines = stack
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '');
  const first = lines[0] ?? '';
  if (first.startsWith('Traceback (most recent call last)')) {
    const last = lines[lines.length - 1] ?? '';
    return PYTHON_LAST.exec(last)?.[1] ?? '';
  }
  const panic = /^panic: (?:(runtime error): )?/.exec(first);
  if (panic) return panic[1] ?? 'panic';
  // A first line that is only a word is a message, not a type (`Error` alone is a type).
  const match = FIRST_LINE.exec(first);
  if (!match?.[1]) return '';
  const type = match[1];
  return /(?:Error|Exception|Throwable|Fault|Panic)$|\./.test(type) ? type : '';
}
