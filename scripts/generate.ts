// `npm run generate`: rewrites every generated file (see scripts/generated-files.ts).
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { listOwnedFiles } from './generated-files.js';
import { generators } from './generators.js';

const root = join(import.meta.dirname, '..');

for (const generator of generators) {
  const files = await generator.files();
  const written = new Set(files.map((f) => f.path));
  for (const dir of generator.owns) {
    for (const stale of await listOwnedFiles(root, dir)) {
      if (!written.has(stale)) await rm(join(root, stale));
    }
  }
  for (const file of files) {
    await mkdir(dirname(join(root, file.path)), { recursive: true });
    await writeFile(join(root, file.path), file.content);
  }
  console.log(`${generator.name}: ${files.length} files`);
}
