// Stack frames out of a stack trace text, for grouping: V8 (`at fn (file:line:col)`),
// Java (`at pkg.Class.method(File.java:12)`) and Python (`File "x.py", line 3, in fn`).
// A frame keeps its function and the file's base name, never the line or column, so a
// deploy that shifts lines does not split a group (Sentry hashes frames the same way).

export interface Frame {
  fn: string;
  /** The base name of the file, lower case (Java: the class's package path). */
  file: string;
  /** The frame as written, for display. */
  raw: string;
  inApp: boolean;
}

const V8_WITH_FN = /^\s*at (?:async )?(?:new )?(.+?) \((.+?)(?::\d+)?(?::\d+)?\)$/;
const V8_BARE = /^\s*at (?:async )?(.+?)(?::\d+)?(?::\d+)?$/;
const JAVA = /^\s*at ([\w$.<>/]+)\.([\w$<>]+)\(([^)]*)\)/;
const PYTHON = /^\s*File "(.+?)", line \d+, in (.+)$/;

const NOT_IN_APP = [
  /node_modules\//,
  /^node:/,
  /^internal\//,
  /^(?:java|javax|jdk|sun|kotlin|scala|org\.springframework|io\.grpc|io\.netty)\./,
  /site-packages\//,
  /dist-packages\//,
  /\/lib\/python\d/,
  /^<anonymous>$/,
];

function basename(path: string): string {
  const clean = path.replace(/^file:\/\//, '').replace(/[?#].*$/, '');
  return (clean.slice(clean.lastIndexOf('/') + 1) || clean).toLowerCase();
}

// Generated suffixes that change from build to build (Sentry: `$$Lambda$`, CGLIB, `$fn__N`).
function cleanFunction(fn: string): string {
  return fn
    .replace(/\$\$Lambda\$[\w/$]*/g, '$$Lambda')
    .replace(/\$\$(?:EnhancerBySpringCGLIB|FastClassBySpringCGLIB)\$\$[0-9a-f]+/g, '<auto>')
    .replace(/lambda\$(\w+)\$\d+/g, 'lambda$$$1')
    .replace(/\[as [^\]]+\]/g, '')
    .trim();
}

// Each format gives the function and the location (a path, or a Java class).
const FORMATS: ((line: string) => { fn: string; location: string } | undefined)[] = [
  (line) => {
    const m = PYTHON.exec(line);
    return m ? { fn: m[2] as string, location: m[1] as string } : undefined;
  },
  (line) => {
    const m = JAVA.exec(line);
    if (!m) return undefined;
    const cls = m[1] as string;
    return { fn: `${cls.slice(cls.lastIndexOf('.') + 1)}.${m[2]}`, location: cls };
  },
  (line) => {
    const m = V8_WITH_FN.exec(line);
    return m ? { fn: m[1] as string, location: m[2] as string } : undefined;
  },
  (line) => {
    const m = V8_BARE.exec(line);
    return m ? { fn: '', location: m[1] as string } : undefined;
  },
];

function parseLine(line: string, extraNotInApp: RegExp[]): Frame | undefined {
  for (const format of FORMATS) {
    const found = format(line);
    if (!found) continue;
    const inApp = ![...NOT_IN_APP, ...extraNotInApp].some((pattern) => pattern.test(found.location));
    return { fn: cleanFunction(found.fn), file: basename(found.location), raw: line.trim(), inApp };
  }
  return undefined;
}

/** The frames of a stack trace, innermost first, consecutive recursion collapsed. */
export function parseFrames(stack: string, extraNotInApp: RegExp[] = []): Frame[] {
  const frames: Frame[] = [];
  for (const line of stack.split('\n')) {
    const frame = parseLine(line, extraNotInApp);
    if (!frame) continue;
    const previous = frames[frames.length - 1];
    if (previous && previous.fn === frame.fn && previous.file === frame.file) continue;
    frames.push(frame);
  }
  return frames;
}
