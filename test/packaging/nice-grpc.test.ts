// A nice-grpc server (kansoku's server interceptors through createServer's options) and a
// nice-grpc client (kansoku's nice-grpc client middleware), test/projects/nice-grpc, from
// the packed package: every call type answers, and shows up on /metrics for both sides, in
// the real Jaeger as a client and a server span of one trace, and in the handler's log line.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type JaegerService, startJaeger } from '../services/jaeger.js';
import { isInstalled } from '../services/paths.js';
import { startFixture } from './helpers/fixture-project.js';
import { assertObservedCalls } from './helpers/observed-calls.js';
import { packedInstall } from './helpers/packed-install.js';

const skip = isInstalled('jaeger') ? false : 'Jaeger is not installed (bash test/services/install.sh)';
let installDir = '';
let jaeger: JaegerService | undefined;

before(async () => {
  if (skip) return;
  [installDir, jaeger] = await Promise.all([packedInstall(), startJaeger()]);
});
after(() => jaeger?.stop());

test('a nice-grpc server and client are observed for every call type', { skip }, async (t) => {
  const fixture = await startFixture(installDir, 'nice-grpc', {
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://${jaeger?.otlpGrpcEndpoint}`,
  });
  t.after(() => fixture.cleanup());
  assert.deepEqual(fixture.report.answers, {
    unary: 'u',
    clientStream: 'a,b,c',
    serverStream: ['s-0', 's-1', 's-2'],
    bidi: ['x', 'y'],
  });
  await assertObservedCalls(fixture, jaeger as JaegerService, 'fixture-nice-grpc');
  assert.equal(await fixture.stop(), 0, 'the nice-grpc service shut down cleanly');
});
