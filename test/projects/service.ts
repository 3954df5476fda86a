// The one TypeScript service every TypeScript fixture project compiles, each under its own
// package.json and tsconfig.json (the test copies this file in): the lines a grpc-js
// service adds for kansoku. service.name comes from OTEL_SERVICE_NAME, set per fixture.
import { createObservability, type Observability } from '@kansoku/instrumentation';
import { exercise, run } from '../harness/index.js';

const obs: Observability = createObservability({ metrics: { port: 0, host: '127.0.0.1' } });
run(() =>
  exercise(obs, {
    server: { interceptors: obs.serverInterceptors },
    client: { interceptors: obs.clientInterceptors },
  }),
);

// Compile-time proof that the package's own types were found: were they missing (any), these
// lines would not be errors and tsc would reject the unused directives.
export function typesAreRead(): void {
  // @ts-expect-error serviceName is a string
  createObservability({ serviceName: 42 });
  // @ts-expect-error serverInterceptors are grpc-js ServerInterceptors
  void (obs.serverInterceptors satisfies number);
}
