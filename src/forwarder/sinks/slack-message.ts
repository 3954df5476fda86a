// An alert as a Slack message: Block Kit blocks with `text` as the notification
// fallback, kept well inside Slack's limits (header 150 chars, section text 3,000, 50
// blocks) and far below the ~13k total where msg_blocks_too_long starts, by truncating
// each part early rather than letting Slack reject the message with 400.
import { type Alert, REASON_WORDS } from '../model/alert.js';

const HEADER_MAX = 150;
const SAMPLE_MAX = 1200;
const FRAMES_MAX = 1000;
const FIELD_MAX = 200;
const DIGEST_ROWS_MAX = 20;
const LINE_MAX = 280;

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

// Slack's mrkdwn treats &, < and > as control characters.
const escapeMrkdwn = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const code = (text: string) => `\`\`\`${escapeMrkdwn(text).replace(/```/g, "'''")}\`\`\``;

function links(alert: Alert): string {
  const parts: string[] = [];
  if (alert.discoverUrl) parts.push(`<${alert.discoverUrl}|Logs in Discover>`);
  if (alert.traceUrl) parts.push(`<${alert.traceUrl}|Trace ${alert.traceId ?? ''}>`);
  return parts.join('  ·  ');
}

function where(alert: Alert): string {
  return [alert.service, alert.namespace && `ns ${alert.namespace}`, alert.pod && `pod ${alert.pod}`]
    .filter(Boolean)
    .join(', ');
}

export function slackMessage(alert: Alert): Record<string, unknown> {
  const headline = `${REASON_WORDS[alert.reason]} in ${alert.service}: ${alert.title}`;
  const fields = [
    ['Service', alert.service],
    ['Namespace', alert.namespace || '—'],
    ['Pod', alert.pod || '—'],
    [`Count (last ${alert.windowSeconds / 60} min)`, `${alert.countInWindow} (${alert.total} in all)`],
    ['First seen', alert.firstSeen],
    ['Last seen', alert.lastSeen],
  ].map(([label, value]) => ({
    type: 'mrkdwn',
    text: truncate(`*${label}*\n${escapeMrkdwn(value as string)}`, FIELD_MAX),
  }));
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(headline, HEADER_MAX), emoji: false } },
    { type: 'section', fields },
    { type: 'section', text: { type: 'mrkdwn', text: code(truncate(alert.sampleMessage, SAMPLE_MAX)) } },
  ];
  if (alert.topFrames.length > 0)
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: code(truncate(alert.topFrames.join('\n'), FRAMES_MAX)) },
    });
  const linkText = links(alert);
  if (linkText) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: linkText }] });
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `fingerprint \`${alert.fingerprint}\` · alert \`${alert.key}\`` }],
  });
  return { text: truncate(`${headline} (${where(alert)})`, LINE_MAX), blocks };
}

export function slackDigest(alerts: readonly Alert[]): Record<string, unknown> {
  const shown = alerts.slice(0, DIGEST_ROWS_MAX);
  const headline = `${alerts.length} error groups fired`;
  const rows = shown.map((a) => {
    const link = a.discoverUrl ? ` <${a.discoverUrl}|logs>` : '';
    return {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `*${escapeMrkdwn(REASON_WORDS[a.reason])}* · ${escapeMrkdwn(where(a))} · ${a.countInWindow} in ${a.windowSeconds / 60} min\n${escapeMrkdwn(a.title)}`,
          LINE_MAX * 2,
        ).concat(link),
      },
    };
  });
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: headline, emoji: false } },
    ...rows,
  ];
  if (alerts.length > shown.length)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `and ${alerts.length - shown.length} more` }] });
  return { text: headline, blocks };
}
