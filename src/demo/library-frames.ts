// The kansoku library's frames in the demo shop's stack traces. In this repository the
// library is a workspace package (instrumentation/, reached through a link, not a folder
// under node_modules/), so the frames of its interceptors would count as the shop's own
// code, and one failure would form one group per path it took through them. The demo's
// forwarder is told they are not in-app (grouping.inAppExclude), as a user whose service
// vendors a library would tell it.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `grouping.inAppExclude` patterns for the library's files, wherever it is installed. */
export function libraryInAppExclude(): string[] {
  const manifest = createRequire(import.meta.url).resolve('@kansoku/instrumentation/package.json');
  return [escapeRegExp(`${dirname(manifest)}/`)];
}
