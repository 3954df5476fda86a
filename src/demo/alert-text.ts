// An alert from the forwarder's webhook as a person reads it in the demo's terminal: what
// fired and why, where, how often, the sample message with its top frames, and the trace.
import { type Alert, REASON_WORDS } from '../forwarder/model/alert.js';

const MAX_SAMPLE_CHARS = 300;
const FRAMES_SHOWN = 3;

const clock = (iso: string) => iso.slice(11, 19);

export function alertText(alert: Alert): string {
  const where = [alert.namespace, alert.pod].filter(Boolean).join('/');
  const sample = alert.sampleMessage.split('\n')[0] ?? '';
  const lines = [
    `ALERT  ${alert.service}${where ? ` (${where})` : ''}: ${REASON_WORDS[alert.reason] ?? alert.reason}`,
    `  ${alert.title}`,
    `  count    ${alert.countInWindow} in the last ${alert.windowSeconds} s, ${alert.total} in all; first seen ${clock(alert.firstSeen)}, last seen ${clock(alert.lastSeen)} UTC`,
    `  sample   ${sample.length > MAX_SAMPLE_CHARS ? `${sample.slice(0, MAX_SAMPLE_CHARS)}…` : sample}`,
  ];
  for (const [i, frame] of alert.topFrames.slice(0, FRAMES_SHOWN).entries())
    lines.push(`  ${i === 0 ? 'frames' : '      '}   ${frame.trim()}`);
  if (alert.traceUrl) lines.push(`  trace    ${alert.traceUrl}`);
  else if (alert.traceId) lines.push(`  trace    ${alert.traceId}`);
  return lines.join('\n');
}
