// `kansoku demo` run as a user runs it: a child process, to completion with --duration.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isInstalled } from '../services/paths.js';
import { kansoku as runKansoku } from './helpers/run-kansoku.js';

// The demo is configured in code; an OTLP endpoint in the shell must not change it.
const NO_OTLP = { OTEL_EXPORTER_OTLP_ENDPOINT: '' };
const kansoku = (args: string[], entry?: string) => runKansoku(args, NO_OTLP, entry);

test('demo --duration runs the shop under load, says where to look, and ends with a summary', async () => {
  const { code, stdout, stderr } = await kansoku(['demo', '--duration', '3', '--rate', '30', '--no-backends']);
  assert.equal(code, 0, stderr);
  assert.match(stderr, /gRPC server\s+127\.0\.0\.1:\d+/);
  assert.match(stderr, /metrics\s+http:\/\/127\.0\.0\.1:\d+\/metrics/);
  assert.match(stderr, /logs\s+JSON lines on stdout/);
  assert.match(stderr, /calls made, by method and code:\n\s+GetProduct\s+.*OK \d+/);
  const lines = stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.ok(lines.length > 10);
  assert.ok(lines.every((l) => typeof l['@timestamp'] === 'string' && typeof l['service.name'] === 'string'));
  const services = new Set(lines.map((l) => l['service.name']));
  assert.ok(services.has('kansoku-demo-shop'));
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
  const { code, stderr } = await kansoku(['demo', '--duration', '1', '--rate', '10']);
  assert.equal(code, 0, stderr);
  assert.match(stderr, /Prometheus\s+not started by the packaged command/);
});

test('npm run demo, with Prometheus and Jaeger installed, starts them and points at them', {
  skip: isInstalled('prometheus') && isInstalled('jaeger') ? false : 'Prometheus or Jaeger not installed',
}, async () => {
  const { code, stderr } = await kansoku(['--duration', '4', '--rate', '20'], 'scripts/demo.ts');
  assert.equal(code, 0, stderr);
  assert.match(stderr, /Prometheus\s+http:\/\/127\.0\.0\.1:\d+\/query\?g0\.expr=/);
  assert.match(stderr, /traces \(Jaeger\)\s+http:\/\/127\.0\.0\.1:\d+\/search\?service=kansoku-demo-shop/);
});
