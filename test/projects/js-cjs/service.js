// Plain JavaScript, CommonJS: `require` of the package, no build step.
const { createObservability } = require('@kansoku/instrumentation');
const { exercise, run } = require('../harness');

const obs = createObservability({ metrics: { port: 0, host: '127.0.0.1' } });
run(() =>
  exercise(obs, { server: { interceptors: obs.serverInterceptors }, client: { interceptors: obs.clientInterceptors } }),
);
