// Which series names a relabel rule could ever remove: only what a scrape brings in. Series
// Prometheus writes itself (up, scrape_*), alert state and recording rules' output are not
// scraped, so a metric_relabel_config cannot touch them.
const SYNTHETIC = new Set(['up', 'ALERTS', 'ALERTS_FOR_STATE']);

export function isScraped(name: string): boolean {
  return !SYNTHETIC.has(name) && !name.startsWith('scrape_') && !name.includes(':');
}
