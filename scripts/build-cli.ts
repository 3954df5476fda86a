// `npm run build:cli` (and `npm pack`, through prepack): bundles the kansoku command and
// everything it imports, @kansoku/instrumentation and every npm dependency included, into
// one ES module, dist/kansoku.mjs, that plain Node.js runs. The package therefore has no
// runtime dependencies to install (docs/generate.md, "Installing").
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
await build({
  entryPoints: [join(root, 'src/cli/main.ts')],
  outfile: join(dist, 'kansoku.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // The instrumentation from its TypeScript source, as in development: no separate build.
  conditions: ['kansoku-source'],
  // CommonJS dependencies call require() for Node's built-ins; an ES module has none.
  banner: {
    js: "import { createRequire as __kansokuRequire } from 'node:module';\nconst require = __kansokuRequire(import.meta.url);",
  },
  // A native addon cannot be bundled: the forwarder loads it at run time (optional peer dependency).
  external: ['better-sqlite3'],
  legalComments: 'linked',
  logLevel: 'warning',
});
// Read at run time next to the bundle (src/demo/proto.ts resolves it from import.meta.dirname).
await copyFile(join(root, 'src/demo/shop.proto'), join(dist, 'shop.proto'));
console.log('build:cli: dist/kansoku.mjs');
