// The logger's lines: ECS field names from the field catalogue, errors as error.* fields
// with the stack trace, redaction, and no trace fields outside a call.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOG_FIELDS } from '../src/index.js';
import { memoryExporter } from './helpers/memory-exporter.js';
import { observe } from './helpers/observe.js';

const F = LOG_FIELDS;

test('every line carries the ECS base fields under the catalogue names', async (t) => {
  const { obs, lines } = observe();
  t.after(() => obs.shutdown());
  obs.logger.warn({ 'order.id': 'o-1' }, 'something to say');
  await obs.flush();
  const [line] = lines;
  assert.ok(line);
  assert.equal(line[F.message.name], 'something to say');
  assert.equal(line[F.level.name], 'warn');
  assert.equal(line[F.serviceName.name], 'test-service');
  assert.equal(line[F.serviceVersion.name], '9.9.9');
  assert.equal(line[F.processPid.name], process.pid);
  assert.match(String(line[F.timestamp.name]), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.equal(line['order.id'], 'o-1');
  // Only catalogue names and the caller's own fields: no pino defaults (level, time, msg, pid).
  for (const key of ['level', 'time', 'msg', 'pid', 'hostname']) assert.equal(line[key], undefined, key);
  const catalogued = new Set<string>(Object.values(F).map((f) => f.name));
  for (const key of Object.keys(line))
    assert.ok(catalogued.has(key) || key === 'order.id', `${key} is in the field catalogue`);
});

test('an error becomes error.type, error.message, error.stack_trace and error.code', async (t) => {
  const { obs, lines } = observe();
  t.after(() => obs.shutdown());
  const err = Object.assign(new RangeError('too far'), { code: 'E_FAR' });
  obs.logger.error({ err }, 'it failed');
  obs.logger.error(new TypeError('bare error'));
  await obs.flush();
  const [withObject, bare] = lines;
  assert.equal(withObject?.[F.errorType.name], 'RangeError');
  assert.equal(withObject?.[F.errorMessage.name], 'too far');
  assert.match(String(withObject?.[F.errorStackTrace.name]), /^RangeError: too far\n\s+at /);
  assert.equal(withObject?.[F.errorCode.name], 'E_FAR');
  assert.equal(withObject?.[F.message.name], 'it failed');
  assert.equal(withObject?.err, undefined);
  assert.equal(bare?.[F.errorType.name], 'TypeError');
  assert.equal(bare?.[F.message.name], 'bare error');
});

test("with tracing on, a line outside any span has no trace ids and the caller's object is neither copied into nor changed", async (t) => {
  const { obs, lines } = observe({ tracing: { encodedExporter: memoryExporter(), scheduledDelayMs: 5 } });
  t.after(() => obs.shutdown());
  const fields = { 'order.id': 'o-2' };
  obs.logger.info(fields, 'outside');
  obs.logger.info({ [F.traceId.name]: 'from-the-caller' }, 'own id');
  await obs.flush();
  assert.deepEqual(fields, { 'order.id': 'o-2' });
  assert.equal(lines[0]?.['order.id'], 'o-2');
  assert.equal(lines[0]?.[F.traceId.name], undefined);
  assert.equal(lines[0]?.[F.spanId.name], undefined);
  assert.equal(lines[1]?.[F.traceId.name], 'from-the-caller');
});

test('configured paths are redacted', async (t) => {
  const { obs, lines } = observe({ logging: { redact: ['user.password', 'headers.authorization'] } });
  t.after(() => obs.shutdown());
  obs.logger.info({ user: { name: 'ann', password: 'hunter2' }, headers: { authorization: 'Bearer x' } }, 'login');
  await obs.flush();
  assert.deepEqual(lines[0]?.user, { name: 'ann', password: '[REDACTED]' });
  assert.deepEqual(lines[0]?.headers, { authorization: '[REDACTED]' });
});

test('the level option filters lines', async (t) => {
  const { obs, lines } = observe({ logging: { level: 'warn' } });
  t.after(() => obs.shutdown());
  obs.logger.info('hidden');
  obs.logger.warn('shown');
  await obs.flush();
  assert.deepEqual(
    lines.map((l) => l.message),
    ['shown'],
  );
});

test("shutdown flushes the service's own destination when it buffers", async () => {
  const written: string[] = [];
  let pending = '';
  let flushes = 0;
  // Like pino.destination({ sync: false }): lines are held until flushed.
  const buffering = {
    write(line: string) {
      pending += line;
    },
    flush(done: (err?: Error | null) => void) {
      flushes++;
      written.push(...pending.split('\n').filter(Boolean));
      pending = '';
      setImmediate(() => done(null));
    },
  };
  const { obs } = observe({ logging: { destination: buffering as never } });
  obs.logger.info('last words');
  await obs.shutdown();
  assert.ok(flushes >= 1);
  assert.equal(JSON.parse(written[0] ?? '{}').message, 'last words');
});
