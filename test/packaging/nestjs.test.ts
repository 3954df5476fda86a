// A NestJS gRPC microservice and a NestJS gRPC client (test/projects/nestjs, NestJS's own
// tsconfig defaults) with kansoku's interceptors passed through channelOptions, from the
// packed package: every call type answers as it should, including client streaming served
// both as @GrpcStreamMethod and as @GrpcStreamCall with the server interceptor registered,
// and each shows up on /metrics (both sides), in the real Jaeger and in the handler's log line.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type JaegerService, startJaeger } from '../services/jaeger.js';
import { isInstalled } from '../services/paths.js';
import { startFixture } from './helpers/fixture-project.js';
import { assertObservedCalls, ECHO_METHODS } from './helpers/observed-calls.js';
import { packedInstall } from './helpers/packed-install.js';

const skip = isInstalled('jaeger') ? false : 'Jaeger is not installed (bash test/services/install.sh)';
let installDir = '';
let jaeger: JaegerService | undefined;

before(async () => {
  if (skip) return;
  [installDir, jaeger] = await Promise.all([packedInstall(), startJaeger()]);
});
after(() => jaeger?.stop());

test('a NestJS gRPC microservice and client are observed for every call type', { skip }, async (t) => {
  const fixture = await startFixture(installDir, 'nestjs', {
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://${jaeger?.otlpGrpcEndpoint}`,
  });
  t.after(() => fixture.cleanup());
  assert.deepEqual(fixture.report.answers, {
    unary: 'u',
    clientStream: 'a,b,c',
    serverStream: ['s-0', 's-1', 's-2'],
    bidi: ['x', 'y'],
    clientStreamCall: 'd,e',
  });
  await assertObservedCalls(fixture, jaeger as JaegerService, 'fixture-nestjs', {
    ...ECHO_METHODS,
    ClientStreamCall: 'client_stream',
  });
  assert.equal(await fixture.stop(), 0, 'the NestJS service shut down cleanly');
});
