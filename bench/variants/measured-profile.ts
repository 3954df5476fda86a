// A V8 CPU profile of the measured run only (from 'mark' to 'report'), so that start-up
// and warm-up do not crowd the picture. Written where KANSOKU_BENCH_PROFILE says; off
// when it is unset. The profiler costs some throughput, so profiled runs are for reading,
// not for quoting.
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

const target = process.env.KANSOKU_BENCH_PROFILE;
let session: Session | undefined;

export async function startProfile(): Promise<void> {
  if (!target) return;
  session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}

export async function stopProfile(): Promise<void> {
  if (!target || !session) return;
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  session = undefined;
  await writeFile(target, JSON.stringify(profile));
}
