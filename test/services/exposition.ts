// What an exporter really exports, read from its /metrics text: each family with its type
// and every label name seen on any of its samples (an empty value counts: the exporter
// writes the label). The catalogue tests compare src/catalog/upstream/ against this.
// A reader of the text format's names and labels only; values are not needed.

export interface ExportedFamily {
  name: string;
  type: string;
  labels: Set<string>;
  samples: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+\S+/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
const SUFFIXES: Record<string, string[]> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['_sum', '_count'],
  counter: ['_total'],
};

export function parseExposition(text: string): Map<string, ExportedFamily> {
  const families = new Map<string, ExportedFamily>();
  const familyOf = (sample: string): ExportedFamily | undefined => {
    const direct = families.get(sample);
    if (direct) return direct;
    for (const family of families.values()) {
      if ((SUFFIXES[family.type] ?? []).some((s) => sample === family.name + s)) return family;
    }
    return undefined;
  };
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type?.[1] && type[2]) {
      families.set(type[1], { name: type[1], type: type[2], labels: new Set(), samples: 0 });
      continue;
    }
    if (line.startsWith('#') || line.trim() === '') continue;
    const sample = SAMPLE.exec(line);
    if (!sample?.[1]) continue;
    let family = familyOf(sample[1]);
    if (!family) {
      family = { name: sample[1], type: 'untyped', labels: new Set(), samples: 0 };
      families.set(sample[1], family);
    }
    family.samples += 1;
    for (const [, name] of (sample[3] ?? '').matchAll(LABEL)) {
      if (name && name !== 'le' && name !== 'quantile') family.labels.add(name);
    }
  }
  return families;
}

/** GETs an exporter's metrics and parses them. */
export async function scrapeFamilies(url: string): Promise<Map<string, ExportedFamily>> {
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return parseExposition(await response.text());
}
