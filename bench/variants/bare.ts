// (a) The baseline: bare grpc-js, no instrumentation at all.
import * as grpc from '@grpc/grpc-js';
import { serveEcho } from './echo-server.js';

await serveEcho({ grpc, info: { instrumentation: 'none' } });
