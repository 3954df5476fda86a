// Go's stack traces: a runtime panic's goroutine dump (also what net/http logs for a handler
// that panicked) and the traces Go loggers such as zap attach. Each frame takes two lines,
// the function (with its arguments in a panic) and, after a tab, the file, line and pc offset:
//
//   main.(*store).order(0x77d290?, {0x26a79fefe1a1, 0x4})
//   	/app/main.go:16 +0x99
//   created by net/http.(*Server).Serve in goroutine 22
//   	/usr/local/go/src/net/http/server.go:3464 +0x485
//
// Only the first goroutine counts: it is the one that panicked; the others a
// GOTRACEBACK=all dump adds are in whatever state they were and differ from crash to crash.
// Not in-app: the standard library and the runtime (a package path with no dot in its first
// element, in a file under `src/<package>/` of a GOROOT, wherever it is installed, or under
// `<package>/` in a -trimpath build) and dependencies (the module cache's `/pkg/mod/`, `vendor/`).
import { basename, type Frame } from './frame.js';

const GOROUTINE = /^goroutine \d+ \[/;
// A Go or an assembly file (runtime.goexit is in asm_amd64.s).
const FILE_LINE = /^\t(\S[^\t]*\.(?:go|s)):(\d+)(?: \+0x[0-9a-f]+)?$/;
const CREATED_BY = /^created by (\S+)/;
const DEPENDENCY = /\/pkg\/mod\/|(?:^|\/)vendor\//;

/** The function of a frame's first line: its arguments, `(...)` when inlined, dropped. */
function functionName(line: string): string {
  const created = CREATED_BY.exec(line);
  if (created) return created[1] as string;
  if (!line.endsWith(')')) return line.trim();
  let depth = 0;
  for (let i = line.length - 1; i > 0; i--) {
    const c = line[i];
    if (c === ')') depth++;
    else if (c === '(' && --depth === 0) return line.slice(0, i);
  }
  return line;
}

/** The import path of a function: `net/http` for `net/http.(*conn).serve`, `main`, or '' for `panic`. */
function packageOf(fn: string): string {
  const slash = fn.lastIndexOf('/');
  const dot = fn.indexOf('.', slash + 1);
  return dot < 0 ? '' : fn.slice(0, dot);
}

function isInApp(fn: string, path: string, extraNotInApp: readonly RegExp[]): boolean {
  if (DEPENDENCY.test(path)) return false;
  const pkg = packageOf(fn) || 'runtime';
  const standard = pkg !== 'main' && !(pkg.split('/', 1)[0] as string).includes('.');
  if (standard && (path.includes(`/src/${pkg}/`) || path.startsWith(`${pkg}/`))) return false;
  return !extraNotInApp.some((pattern) => pattern.test(path));
}

/** Reads a Go trace line by line; other lines pass through untouched. */
export class GoTraceReader {
  /** A second goroutine began: the panicking one's frames are all read. */
  done = false;
  #goroutines = 0;
  #previous: string | undefined;
  readonly #extraNotInApp: readonly RegExp[];

  constructor(extraNotInApp: readonly RegExp[]) {
    this.#extraNotInApp = extraNotInApp;
  }

  /** The frame `line` completes, if it is the file line of a Go frame. */
  read(line: string): Frame | undefined {
    const previous = this.#previous;
    const first = line.charCodeAt(0);
    // A function line starts in the first column; a file line with a tab.
    this.#previous = first === 9 || first === 32 || line === '' ? undefined : line;
    if (first === 103 && GOROUTINE.test(line)) {
      this.#previous = undefined;
      if (++this.#goroutines > 1) this.done = true;
      return undefined;
    }
    if (first !== 9 || previous === undefined) return undefined;
    const found = FILE_LINE.exec(line);
    if (!found) return undefined;
    const path = found[1] as string;
    const fn = functionName(previous);
    return {
      fn,
      file: basename(path),
      raw: `${fn} (${path}:${found[2]})`,
      inApp: isInApp(fn, path, this.#extraNotInApp),
    };
  }
}
