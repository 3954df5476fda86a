// `node --import ./use-grpc-js.mjs`: resolve @grpc/grpc-js from $KANSOKU_GRPC_JS_DIR (a
// folder whose node_modules holds the version under test). See grpc-js-resolve.mjs.
import { register } from 'node:module';

const dir = process.env.KANSOKU_GRPC_JS_DIR;
if (!dir) throw new Error('use-grpc-js.mjs: set KANSOKU_GRPC_JS_DIR to the folder holding node_modules/@grpc/grpc-js');
register('./grpc-js-resolve.mjs', import.meta.url, { data: { dir } });
