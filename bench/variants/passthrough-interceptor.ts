// (p) grpc-js with one interceptor that does nothing: what grpc-js's own interceptor path
// costs before any instrumentation runs. Not one of issue #3's variants; it splits (b)'s
// overhead into "having an interceptor at all" and "what kansoku does in it".
import * as grpc from '@grpc/grpc-js';
import { runVariant } from './run-variant.js';

const serverPassThrough: grpc.ServerInterceptor = (_method, call) => new grpc.ServerInterceptingCall(call);
const clientPassThrough: grpc.Interceptor = (options, nextCall) => new grpc.InterceptingCall(nextCall(options));

await runVariant({
  grpc,
  serverOptions: { interceptors: [serverPassThrough] },
  clientOptions: { interceptors: [clientPassThrough] },
  info: { instrumentation: 'one pass-through interceptor' },
});
