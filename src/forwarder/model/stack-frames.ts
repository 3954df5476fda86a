// Stack frames out of a stack trace text, for grouping: V8 (`at fn (file:line:col)`),
// Java (`at pkg.Class.method(File.java:12)`), Python (`File "x.py", line 3, in fn`) and Go
// (a `pkg.fn(args)` line, then a tab and `/path/file.go:42 +0x1d`; go-frames.ts).
// A frame keeps its function and the file's base name, never the line or column, so a
// deploy that shifts lines does not split a group (Sentry hashes frames the same way).
import { basename, type Frame } from './frame.js';
import { GoTraceReader } from './go-frames.js';

export type { Frame } from './frame.js';

const JAVA = /^at ([\w$.<>/]+)\.([\w$<>]+)\(/;
const PYTHON = /^File "(.+?)", line \d+, in (.+)$/;
const LINE_COLUMN = /(?::\d+){1,2}$/;

const NOT_IN_APP_PATTERNS = [
  /node_modules\//,
  /^node:/,
  /^internal\//,
  /^(?:java|javax|jdk|sun|kotlin|scala|org\.springframework|io\.grpc|io\.netty)\./,
  /site-packages\//,
  /dist-packages\//,
  /\/lib\/python\d/,
  /^<anonymous>$/,
];
// One test per frame instead of eight.
const NOT_IN_APP = [new RegExp(NOT_IN_APP_PATTERNS.map((p) => p.source).join('|'))];

// Generated suffixes that change from build to build (Sentry: `$$Lambda$`, CGLIB, `$fn__N`).
function cleanFunction(fn: string): string {
  if (!fn.includes('$') && !fn.includes('[as ')) return fn;
  return fn
    .replace(/\$\$Lambda\$[\w/$]*/g, '$$Lambda')
    .replace(/\$\$(?:EnhancerBySpringCGLIB|FastClassBySpringCGLIB)\$\$[0-9a-f]+/g, '<auto>')
    .replace(/lambda\$(\w+)\$\d+/g, 'lambda$$$1')
    .replace(/\[as [^\]]+\]/g, '')
    .trim();
}

// The function and the location (a path, or a Java class) of one trimmed line. Hand-written
// for V8 (the common case), since regular expressions with lazy groups backtrack on every
// line of every trace; Java and Python lines are told apart by their first characters.
function split(line: string): { fn: string; location: string } | undefined {
  if (line.startsWith('File "')) {
    const m = PYTHON.exec(line);
    return m ? { fn: m[2] as string, location: m[1] as string } : undefined;
  }
  if (!line.startsWith('at ')) return undefined;
  const open = line.lastIndexOf(' (');
  if (open > 0 && line.endsWith(')')) {
    let fn = line.slice(3, open);
    if (fn.startsWith('async ')) fn = fn.slice(6);
    if (fn.startsWith('new ')) fn = fn.slice(4);
    return { fn, location: line.slice(open + 2, -1).replace(LINE_COLUMN, '') };
  }
  const java = line.includes('(') ? JAVA.exec(line) : null;
  if (java) {
    const cls = java[1] as string;
    return { fn: `${cls.slice(cls.lastIndexOf('.') + 1)}.${java[2]}`, location: cls };
  }
  let location = line.slice(3);
  if (location.startsWith('async ')) location = location.slice(6);
  return { fn: '', location: location.replace(LINE_COLUMN, '') };
}

function parseLine(raw: string, notInApp: readonly RegExp[]): Frame | undefined {
  const line = raw.trim();
  const found = split(line);
  if (!found) return undefined;
  const inApp = !notInApp.some((pattern) => pattern.test(found.location));
  return { fn: cleanFunction(found.fn), file: basename(found.location), raw: line, inApp };
}

/** The frames of a stack trace, innermost first, consecutive recursion collapsed. */
export function parseFrames(stack: string, extraNotInApp: RegExp[] = []): Frame[] {
  const notInApp = extraNotInApp.length === 0 ? NOT_IN_APP : [...NOT_IN_APP, ...extraNotInApp];
  const frames: Frame[] = [];
  const go = new GoTraceReader(extraNotInApp);
  for (const line of stack.split('\n')) {
    // A Go frame takes two lines: the reader holds the first until the second comes.
    const frame = go.read(line) ?? parseLine(line, notInApp);
    if (go.done) break;
    if (!frame) continue;
    const previous = frames[frames.length - 1];
    if (previous && previous.fn === frame.fn && previous.file === frame.file) continue;
    frames.push(frame);
  }
  return frames;
}
