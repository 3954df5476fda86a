// Module resolution hook (registered by use-grpc-js.mjs): `@grpc/grpc-js` and its subpaths
// resolve from the folder given at registration instead of the repository's node_modules,
// so that the same test files run against another grpc-js version. Everything else
// resolves as usual.
import { pathToFileURL } from 'node:url';

let parentURL;

export function initialize(data) {
  parentURL = pathToFileURL(`${data.dir}/`).href;
}

export function resolve(specifier, context, nextResolve) {
  if (specifier === '@grpc/grpc-js' || specifier.startsWith('@grpc/grpc-js/')) {
    return nextResolve(specifier, { ...context, parentURL });
  }
  return nextResolve(specifier, context);
}
