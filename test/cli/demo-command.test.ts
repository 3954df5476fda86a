// `kansoku demo` run as a user runs it: a child process, to completion with --duration. Its
// stdout is a pipe here, not a terminal, so the summary comes as plain progress lines.
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { test } from 'node:test';
import type { Alert } from '../../src/forwarder/model/alert.js';
import { isElasticsearchInstalled, isInstalled } from '../services/paths.js';
import { kansoku as runKansoku } from './helpers/run-kansoku.js';

// The demo is configured in code; an OTLP endpoint in the shell must not change it.
const NO_OTLP = { OTEL_EXPORTER_OTLP_ENDPOINT: '' };
const kansoku = (args: string[], entry?: string) => runKansoku(args, NO_OTLP, entry);

const ESCAPE = '\u001b';
const PROGRESS = /^\[\s*\d+ s\] \| calls\/s [\d.-]+ \| calls \d+ \| errors by code: .+ \| p99 (\d+ ms|-)/m;

/** The run folder the demo named (a log or alerts file in it); removed after the test. */
function runFolder(output: string, file: RegExp): string {
  const path = file.exec(output)?.[1];
  assert.ok(path, `no ${file} in:\n${output}`);
  return path;
}

function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

test('demo --duration: banner and plain progress lines on stdout (no escape codes), the JSON lines in the file it names', async (t) => {
  const { code, stdout, stderr } = await kansoku(['demo', '--duration', '3', '--rate', '30', '--no-backends']);
  const logFile = runFolder(stdout, /logs\s+JSON lines in (\S+)/);
  t.after(() => rm(dirname(logFile), { recursive: true, force: true }));
  assert.equal(code, 0, stderr);
  assert.ok(!stdout.includes(ESCAPE), 'no escape codes when stdout is not a terminal');
  assert.match(stdout, /gRPC server\s+127\.0\.0\.1:\d+/);
  assert.match(stdout, /metrics\s+http:\/\/127\.0\.0\.1:\d+\/metrics/);
  assert.match(stdout, /error alerts\s+off: Elasticsearch not started \(--no-backends\)/);
  assert.match(stdout, PROGRESS);
  assert.match(stdout, /calls made, by method and code:\n\s+GetProduct\s+.*OK \d+/);
  assert.ok(!stdout.split('\n').some((l) => l.startsWith('{')), 'no log lines among what the person reads');
  assert.match(logFile, /kansoku-demo-[^/]+\/logs\.jsonl$/);
  const lines = jsonLines(await readFile(logFile, 'utf8'));
  assert.ok(lines.length > 10);
  assert.ok(lines.every((l) => typeof l['@timestamp'] === 'string' && typeof l['service.name'] === 'string'));
  assert.ok(new Set(lines.map((l) => l['service.name'])).has('kansoku-demo-shop'));
});

test('--logs stdout: stdout carries only JSON lines, the person reads stderr', async () => {
  const { code, stdout, stderr } = await kansoku([
    'demo',
    '--duration',
    '2',
    '--rate',
    '30',
    '--no-backends',
    '--logs',
    'stdout',
  ]);
  assert.equal(code, 0, stderr);
  const lines = jsonLines(stdout);
  assert.ok(lines.length > 10);
  assert.match(stderr, /logs\s+JSON lines on stdout/);
  assert.match(stderr, PROGRESS);
  assert.ok(!stderr.includes(ESCAPE));
});

test('bad input: a bad flag value is one line naming it and exit code 2, as is an unknown command', async () => {
  const bad = await kansoku(['demo', '--rate', 'fast']);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  assert.match(bad.stderr, /--rate must be a non-negative number, got "fast"/);
  const port = await kansoku(['demo', '--no-backends', '--grpc-port', '70000']);
  assert.equal(port.code, 2);
  assert.match(port.stderr, /--grpc-port must be a port number from 0 to 65535, got "70000"/);
  const unknown = await kansoku(['nonsense']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /usage: kansoku <command>[\s\S]*demo/);
});

test('the shipped command starts no backends and says so', async () => {
  const { code, stdout, stderr } = await kansoku(['demo', '--duration', '1', '--rate', '10', '--logs', 'stdout']);
  assert.equal(code, 0, stderr);
  assert.match(stderr, /Prometheus\s+not started by the packaged command/);
  assert.match(stderr, /error alerts\s+off: Elasticsearch not started by the packaged command/);
  assert.ok(jsonLines(stdout).length > 0);
});

test('npm run demo with Elasticsearch, Jaeger and Prometheus: an alert for a shop exception reaches the webhook receiver; stdout is JSON lines with trace ids', {
  skip:
    isElasticsearchInstalled() && isInstalled('jaeger') && isInstalled('prometheus')
      ? false
      : 'Elasticsearch, Jaeger or Prometheus not installed (bash test/services/install.sh)',
}, async (t) => {
  const { code, stdout, stderr } = await kansoku(
    ['--duration', '15', '--rate', '40', '--logs', 'stdout'],
    'scripts/demo.ts',
  );
  const alertsFile = runFolder(stderr, /kept in (\S+alerts\.jsonl)/);
  t.after(() => rm(dirname(alertsFile), { recursive: true, force: true }));
  assert.equal(code, 0, stderr);
  assert.match(stderr, /Prometheus\s+http:\/\/127\.0\.0\.1:\d+\/query\?g0\.expr=/);
  const jaegerUrl = /traces \(Jaeger\)\s+(http:\/\/127\.0\.0\.1:\d+)\/search\?service=kansoku-demo-shop/.exec(
    stderr,
  )?.[1];
  assert.ok(jaegerUrl, stderr);
  assert.match(stderr, /Elasticsearch\s+http:\/\/127\.0\.0\.1:\d+\/kansoku-logs-\*/);

  // stdout: JSON lines only; the shop's access lines carry trace ids.
  const lines = jsonLines(stdout);
  const access = lines.filter((l) => l['service.name'] === 'kansoku-demo-shop' && l['log.logger'] === 'grpc.access');
  assert.ok(access.length > 20);
  assert.ok(access.every((l) => /^[0-9a-f]{32}$/.test(String(l['trace.id']))));

  // The person's side: progress lines with spans and alerts, and the alerts printed.
  assert.match(stderr, /\| spans exported \d+ \| alerts sent \d+/);
  assert.ok(!stderr.includes(ESCAPE));
  assert.match(stderr, /^ALERT {2}kansoku-demo-shop \(kansoku-demo\/kansoku-demo-shop-[0-9a-f-]+\): new error$/m);

  // What the receiver accepted: alerts for the shop's errors logged with their stack traces,
  // with a trace link into the demo's Jaeger.
  const alerts = jsonLines(await readFile(alertsFile, 'utf8')) as unknown as Alert[];
  assert.ok(alerts.length >= 1, stderr);
  const shop = alerts.filter((a) => a.service === 'kansoku-demo-shop');
  assert.ok(shop.length >= 1);
  for (const alert of shop) {
    assert.equal(alert.namespace, 'kansoku-demo');
    assert.ok(alert.countInWindow >= 1);
    assert.ok(alert.topFrames.length > 0, JSON.stringify(alert));
    assert.ok(alert.sampleMessage.length > 0);
    assert.match(String(alert.traceUrl), new RegExp(`^${jaegerUrl}/trace/[0-9a-f]{32}$`));
  }
  assert.ok(
    shop.some((a) => /shop-service\.ts/.test(a.topFrames.join('\n'))),
    JSON.stringify(shop, null, 1),
  );
  // The library's own frames (its interceptors) are not the shop's: they never lead or decide a group.
  assert.ok(
    shop.every((a) => !a.topFrames.some((f) => f.includes('/instrumentation/src/'))),
    JSON.stringify(shop, null, 1),
  );
  // The count printed at the end, once the forwarder and the receiver have stopped.
  assert.equal(Number(/alerts received: (\d+)/.exec(stderr)?.[1]), alerts.length);
});
