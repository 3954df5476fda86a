// Series Prometheus itself writes for every scrape. They carry only target labels.
import { family } from './family.js';

export const prometheusSynthetic = [
  family('up', 'gauge', [], '1 if the last scrape of the target succeeded, 0 if it failed.'),
  family('scrape_duration_seconds', 'gauge', [], 'Duration of the last scrape of the target.'),
] as const;
