// Bad input to `kansoku analyze`: one clear line each, exit code 2, and nothing written to
// --out (a file that was there before keeps its content).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { kansoku } from '../cli/helpers/run-kansoku.js';
import { isInstalled } from '../services/paths.js';
import { closedPort } from '../services/ports.js';
import { type PrometheusService, startPrometheus } from '../services/prometheus.js';

const installed = isInstalled('prometheus');
const SKIP = !installed && 'Prometheus is not installed: run `npm run services:install`';
const PREVIOUS = 'the report of yesterday\n';

let dir = '';
let out = '';
let prometheus: PrometheusService | undefined;
let broken: Server | undefined;
let brokenUrl = '';

async function expectRefusal(args: string[], pattern: RegExp): Promise<void> {
  await writeFile(out, PREVIOUS);
  const result = await kansoku(['analyze', ...args, '--out', out]);
  assert.equal(result.code, 2, `exit code for ${args.join(' ')}: ${result.stderr}`);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line, got:\n${result.stderr}`);
  assert.match(lines[0] ?? '', /^kansoku analyze: /);
  assert.match(lines[0] ?? '', pattern);
  assert.equal(await readFile(out, 'utf8'), PREVIOUS, '--out was touched');
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kansoku-analyze-cli-'));
  out = join(dir, 'report.md');
  // Stands in for a proxy in front of Prometheus that fails: Prometheus itself answers 503
  // only while it starts.
  broken = createServer((_req, res) => res.writeHead(503, { 'content-type': 'text/plain' }).end('upstream down'));
  await new Promise<void>((resolve) => broken?.listen(0, '127.0.0.1', resolve));
  brokenUrl = `http://127.0.0.1:${(broken.address() as AddressInfo).port}`;
  if (installed) prometheus = await startPrometheus();
});

after(async () => {
  await prometheus?.stop();
  await new Promise((resolve) => broken?.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

test('an unreachable Prometheus', async () => {
  const port = await closedPort();
  await expectRefusal(
    ['--prometheus', `http://127.0.0.1:${port}`],
    /cannot reach Prometheus at http:\/\/127\.0\.0\.1:\d+\/? \(GET \/api\/v1\/status\/tsdb\): ECONNREFUSED/,
  );
});

test('a Prometheus that answers 5xx', async () => {
  await expectRefusal(['--prometheus', brokenUrl], /answered HTTP 503: upstream down/);
});

test('a Prometheus that answers 4xx (a wrong path prefix)', { skip: SKIP }, async () => {
  assert.ok(prometheus);
  await expectRefusal(['--prometheus', `${prometheus.url}/not-prometheus`], /answered HTTP 404/);
});

test('a dashboard file that is not a dashboard', async () => {
  const file = join(dir, 'not-a-dashboard.json');
  await writeFile(file, JSON.stringify({ title: 'a list', items: [] }));
  await expectRefusal(
    ['--prometheus', brokenUrl, '--dashboards', file],
    /not-a-dashboard\.json: not a Grafana dashboard/,
  );
});

test('a dashboard file that is not JSON', async () => {
  const file = join(dir, 'broken.json');
  await writeFile(file, '{"panels": [');
  await expectRefusal(
    ['--prometheus', brokenUrl, '--dashboards', file],
    /broken\.json: not a dashboard: not valid JSON/,
  );
});

test('a rule file that does not parse', async () => {
  const file = join(dir, 'rules.yaml');
  await writeFile(file, 'groups:\n  - name: x\n    rules: [\n');
  await expectRefusal(['--prometheus', brokenUrl, '--rules', file], /rules\.yaml(:\d+)?: not a rule file/);
});

test('a YAML file that is no rule file', async () => {
  const file = join(dir, 'values.yaml');
  await writeFile(file, 'replicas: 2\n');
  await expectRefusal(
    ['--prometheus', brokenUrl, '--rules', file],
    /values\.yaml: not a rule file: expected "groups:"/,
  );
});

test('flags that are wrong are all listed', async () => {
  await expectRefusal(
    ['--format', 'xml', '--top', '0'],
    /--prometheus URL is required; --format must be one of table, json, markdown, got "xml"; --top must be a whole number/,
  );
});

test('--help prints the usage and exits 0', async () => {
  const result = await kansoku(['analyze', '--help']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^usage: kansoku analyze --prometheus URL/);
});
