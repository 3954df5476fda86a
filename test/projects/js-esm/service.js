// Plain JavaScript, ES modules: `import` of the package, no build step.
import { createObservability } from '@kansoku/instrumentation';
import { exercise } from '../harness/index.js';

const obs = createObservability({ metrics: { port: 0, host: '127.0.0.1' } });
await exercise(obs, {
  server: { interceptors: obs.serverInterceptors },
  client: { interceptors: obs.clientInterceptors },
});
