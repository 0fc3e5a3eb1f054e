/**
 * Envoy's `/stats` in either format, as a map of counter and gauge values:
 * JSON (`{"stats":[{"name","value"}…,{"histograms":…}]}`) or text
 * (`name: value` per line; histogram and text-readout lines are skipped).
 */

/** undefined when `body` is not Envoy's JSON stats shape. */
export function parseJsonStats(body: string): Map<string, number> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const stats = (parsed as { stats?: unknown })?.stats;
  if (!Array.isArray(stats)) return undefined;
  const values = new Map<string, number>();
  for (const entry of stats) {
    const { name, value } = (entry ?? {}) as { name?: unknown; value?: unknown };
    if (typeof name === 'string' && typeof value === 'number' && Number.isFinite(value)) values.set(name, value);
  }
  return values;
}

const TEXT_LINE = /^(\S+): (\d+)$/;

export function parseTextStats(body: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of body.split('\n')) {
    const [, name, count] = TEXT_LINE.exec(line.trimEnd()) ?? [];
    if (name !== undefined && count !== undefined) values.set(name, Number(count));
  }
  return values;
}
