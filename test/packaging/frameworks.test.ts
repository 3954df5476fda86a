// The gRPC frameworks service teams build on, each a fixture project that installs the
// packed package: a NestJS gRPC microservice and ClientGrpc (test/projects/nestjs, NestJS's
// own tsconfig defaults, interceptors through channelOptions) and a nice-grpc server and
// client (test/projects/nice-grpc: server interceptors through createServer's options, the
// client through kansoku's nice-grpc middleware). Every call type must answer as it should
// (NestJS client streaming both as @GrpcStreamMethod and as @GrpcStreamCall, with the server
// interceptor registered), count on /metrics for both sides, appear in the real Jaeger as a
// client and a server span of one trace, and carry that trace id on the handler's log line.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type JaegerService, startJaeger } from '../services/jaeger.js';
import { isInstalled } from '../services/paths.js';
import { startFixture } from './helpers/fixture-project.js';
import { assertObservedCalls, ECHO_METHODS } from './helpers/observed-calls.js';
import { packedInstall } from './helpers/packed-install.js';

const skip = isInstalled('jaeger') ? false : 'Jaeger is not installed (bash test/services/install.sh)';
const ANSWERS = { unary: 'u', clientStream: 'a,b,c', serverStream: ['s-0', 's-1', 's-2'], bidi: ['x', 'y'] };
const FRAMEWORKS = [
  {
    name: 'nestjs',
    answers: { ...ANSWERS, clientStreamCall: 'd,e' },
    methods: { ...ECHO_METHODS, ClientStreamCall: 'client_stream' },
  },
  { name: 'nice-grpc', answers: ANSWERS, methods: ECHO_METHODS },
] as const;

describe('gRPC frameworks with the packed package', { skip, concurrency: 2 }, () => {
  let installDir = '';
  let jaeger: JaegerService | undefined;
  before(async () => {
    [installDir, jaeger] = await Promise.all([packedInstall(), startJaeger()]);
  });
  after(() => jaeger?.stop());

  for (const { name, answers, methods } of FRAMEWORKS) {
    test(`${name}: a server and a client are observed for every call type`, async (t) => {
      const fixture = await startFixture(installDir, name, {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://${jaeger?.otlpGrpcEndpoint}`,
      });
      t.after(() => fixture.cleanup());
      assert.deepEqual(fixture.report.answers, answers);
      await assertObservedCalls(fixture, jaeger as JaegerService, `fixture-${name}`, methods);
      assert.equal(await fixture.stop(), 0, `${name} shut down cleanly`);
    });
  }
});
