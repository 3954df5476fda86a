// exceptions.conf: fluent-plugin-detect-exceptions 0.0.16 (exception_detector.rb) with
// languages java,js,python,go, message "message", stream "stream", force_line_breaks,
// max_lines 1000 and max_bytes 1048576. The rules and the state machine are ported as
// they are written there (Ruby's ^ and $ match at line starts and ends, hence the m flag);
// one accumulator per tag and stream. Records leave with the "raw." prefix removed.
// Traces still open at the end of the input are flushed, as multiline_flush_interval does.
import type { FluentEvent, FluentRecord } from './event.js';

type State = string;
interface Rule {
  from: State[];
  pattern: RegExp;
  to: State;
}

const rule = (from: State | State[], pattern: RegExp, to: State): Rule => ({
  from: Array.isArray(from) ? from : [from],
  pattern,
  to,
});

const JAVA_RULES = [
  rule(
    ['start_state', 'java_start_exception'],
    /(?:Exception|Error|Throwable|V8 errors stack trace)[:\r\n]/m,
    'java_after_exception',
  ),
  rule('java_after_exception', /^[\t ]*nested exception is:[\t ]*/m, 'java_start_exception'),
  rule('java_after_exception', /^[\r\n]*$/m, 'java_after_exception'),
  rule(['java_after_exception', 'java'], /^[\t ]+(?:eval )?at /m, 'java'),
  rule(['java_after_exception', 'java'], /^[\t ]+--- End of inner exception stack trace ---$/m, 'java'),
  rule(
    ['java_after_exception', 'java'],
    /^--- End of stack trace from previous location where exception was thrown ---$/m,
    'java',
  ),
  rule(['java_after_exception', 'java'], /^[\t ]*(?:Caused by|Suppressed):/m, 'java_after_exception'),
  rule(['java_after_exception', 'java'], /^[\t ]*... \d+ (?:more|common frames omitted)/m, 'java'),
];

const PYTHON_RULES = [
  rule('start_state', /^Traceback \(most recent call last\):$/m, 'python'),
  rule('python', /^[\t ]+File /m, 'python_code'),
  rule('python_code', /[^\t ]/m, 'python'),
  rule('python', /^(?:[^\s.():]+\.)*[^\s.():]+:/m, 'start_state'),
];

const GO_RULES = [
  rule('start_state', /\bpanic: /m, 'go_after_panic'),
  rule('start_state', /http: panic serving/m, 'go_goroutine'),
  rule('go_after_panic', /^$/m, 'go_goroutine'),
  rule(['go_after_panic', 'go_after_signal', 'go_frame_line1'], /^$/m, 'go_goroutine'),
  rule('go_after_panic', /^\[signal /m, 'go_after_signal'),
  rule('go_goroutine', /^goroutine \d+ \[[^\]]+\]:$/m, 'go_frame_line1'),
  rule('go_frame_line1', /^(?:[^\s.:]+\.)*[^\s.():]+\(|^created by /m, 'go_frame_line2'),
  rule('go_frame_line2', /^\s/m, 'go_frame_line1'),
];

/** languages java,js,python,go: js is Java's rules again, removed by Ruby's uniq!. */
function rulesByState(): Map<State, Rule[]> {
  const byState = new Map<State, Rule[]>();
  for (const r of [...JAVA_RULES, ...JAVA_RULES, ...PYTHON_RULES, ...GO_RULES])
    for (const from of r.from) {
      const list = byState.get(from) ?? [];
      if (!list.includes(r)) list.push(r);
      byState.set(from, list);
    }
  return byState;
}

type Status = 'no_trace' | 'start_trace' | 'inside_trace' | 'end_trace';

class ExceptionDetector {
  private state: State = 'start_state';
  constructor(private readonly rules: Map<State, Rule[]>) {}

  update(line: string): Status {
    const before = this.transition(line);
    if (!before) this.transition(line);
    const after = this.state !== 'start_state';
    if (before) return after ? 'inside_trace' : 'end_trace';
    return after ? 'start_trace' : 'no_trace';
  }

  reset(): void {
    this.state = 'start_state';
  }

  private transition(line: string): boolean {
    for (const r of this.rules.get(this.state) ?? []) {
      if (r.pattern.test(line)) {
        this.state = r.to;
        return true;
      }
    }
    this.state = 'start_state';
    return false;
  }
}

const MAX_LINES = 1000;
const MAX_BYTES = 1048576;

class TraceAccumulator {
  private readonly detector: ExceptionDetector;
  private messages: string[] = [];
  private first: FluentRecord | undefined;
  private size = 0;

  constructor(
    rules: Map<State, Rule[]>,
    private readonly emit: (record: FluentRecord) => void,
  ) {
    this.detector = new ExceptionDetector(rules);
  }

  push(record: FluentRecord): void {
    const message = record.message;
    let status: Status;
    if (message === undefined || message === null) {
      this.detector.reset();
      status = 'no_trace';
    } else {
      // Ruby's String#length counts characters.
      if ([...String(message)].length + this.size > MAX_BYTES) this.forceFlush();
      status = this.detector.update(String(message));
    }
    this.update(status, record, message === undefined || message === null ? undefined : String(message));
    if (this.messages.length === MAX_LINES) this.forceFlush();
  }

  forceFlush(): void {
    this.flush();
    this.detector.reset();
  }

  private flush(): void {
    if (this.messages.length === 1) this.emit(this.first as FluentRecord);
    else if (this.messages.length > 1) this.emit({ ...(this.first as FluentRecord), message: this.messages.join('') });
    this.messages = [];
    this.first = undefined;
    this.size = 0;
  }

  private update(status: Status, record: FluentRecord, message: string | undefined): void {
    if (this.messages.length === 0 && (status === 'no_trace' || status === 'end_trace')) {
      this.emit(record);
      return;
    }
    switch (status) {
      case 'inside_trace':
        this.add(record, message);
        return;
      case 'end_trace':
        this.add(record, message);
        this.flush();
        return;
      case 'no_trace':
        this.flush();
        this.add(record, message);
        this.flush();
        return;
      case 'start_trace':
        this.flush();
        this.add(record, message);
    }
  }

  private add(record: FluentRecord, message: string | undefined): void {
    if (this.messages.length === 0) this.first = record;
    if (message === undefined) return;
    const withBreak = this.messages.length > 0 && !message.includes('\n') ? `\n${message}` : message;
    this.messages.push(withBreak);
    this.size += [...withBreak].length;
  }
}

export function joinStackTraces(events: FluentEvent[]): FluentEvent[] {
  const rules = rulesByState();
  const out: FluentEvent[] = [];
  const accumulators = new Map<string, TraceAccumulator>();
  for (const { tag, record } of events) {
    const key = `${tag}\u0000${String(record.stream ?? '')}`;
    let acc = accumulators.get(key);
    if (acc === undefined) {
      const outTag = tag.replace(/^raw\./, '');
      acc = new TraceAccumulator(rules, (r) => out.push({ tag: outTag, record: r }));
      accumulators.set(key, acc);
    }
    acc.push(record);
  }
  for (const acc of accumulators.values()) acc.forceFlush();
  return out;
}
