// (a) The baseline: bare grpc-js, no instrumentation at all.
import * as grpc from '@grpc/grpc-js';
import { runVariant } from './run-variant.js';

await runVariant({ grpc, info: { instrumentation: 'none' } });
