// The packed package in every common project setup (test/projects/<setup>): plain ESM and
// CommonJS JavaScript; TypeScript with nodenext (ESM package), node16 (CommonJS package),
// commonjs + node10 (the NestJS default) and bundler resolution; a service bundled by
// esbuild; and one process that loads both formats. Each compiles with its own tsconfig,
// runs under plain Node.js, makes a call of every type and must show metrics, spans in the
// real Jaeger and trace-correlated log lines.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type JaegerService, startJaeger } from '../services/jaeger.js';
import { isInstalled } from '../services/paths.js';
import { startFixture } from './helpers/fixture-project.js';
import { assertObservedCalls } from './helpers/observed-calls.js';
import { packedInstall } from './helpers/packed-install.js';

const skip = isInstalled('jaeger') ? false : 'Jaeger is not installed (bash test/services/install.sh)';
const SETUPS = [
  'js-esm',
  'js-cjs',
  'ts-nodenext-esm',
  'ts-node16-cjs',
  'ts-node10',
  'ts-bundler',
  'esbuild-cjs',
  'dual-format',
] as const;

describe('the packed package in each project setup', { skip, concurrency: 2 }, () => {
  let installDir = '';
  let jaeger: JaegerService | undefined;
  before(async () => {
    [installDir, jaeger] = await Promise.all([packedInstall(), startJaeger()]);
  });
  after(() => jaeger?.stop());

  for (const setup of SETUPS) {
    test(`${setup}: builds, runs and is observed`, async (t) => {
      const fixture = await startFixture(installDir, setup, {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://${jaeger?.otlpGrpcEndpoint}`,
      });
      t.after(() => fixture.cleanup());
      await assertObservedCalls(fixture, jaeger as JaegerService, `fixture-${setup}`);
      if (setup === 'dual-format') {
        const { report } = fixture;
        assert.ok((report.exportNames as number) > 20, 'require() returned the exports');
        assert.deepEqual(report.differing, [], 'import and require return the very same objects');
        assert.deepEqual(report.missingFromImport, [], 'import has every name require has');
        assert.equal(report.errorClassShared, true, 'an error made through import is instanceof the required class');
      }
      assert.equal(await fixture.stop(), 0, `${setup} shut down cleanly`);
    });
  }
});
