// The demo shop's objectives: 99.9% of calls succeed and 99% finish within 250ms, over 30 days.
import type { SloDefinition } from '../config/slo.js';
import { SHOP_SERVICE } from './proto.js';

export const DEMO_SLOS: readonly SloDefinition[] = [
  {
    name: 'demo-availability',
    service: SHOP_SERVICE,
    objective: 0.999,
    window: '30d',
    indicator: { kind: 'availability' },
  },
  {
    name: 'demo-latency',
    service: SHOP_SERVICE,
    objective: 0.99,
    window: '30d',
    indicator: { kind: 'latency', thresholdSeconds: 0.25 },
  },
];
