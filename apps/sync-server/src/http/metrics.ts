// A small Prometheus registry: counters, gauges and histograms with labels, rendered in the
// text exposition format (version 0.0.4). Enough for a handful of server metrics without a
// client library.

type Labels = Record<string, string>;

function labelKey(labels: Labels): string {
  const entries = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1));
  return entries
    .map(
      ([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
    )
    .join(',');
}

function fmt(name: string, key: string, value: number): string {
  return `${name}${key ? `{${key}}` : ''} ${Number.isFinite(value) ? value : value > 0 ? '+Inf' : '-Inf'}`;
}

interface Metric {
  render(): string;
}

export class Counter implements Metric {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels = {}, by = 1): void {
    const key = labelKey(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }
  get(labels: Labels = {}): number {
    return this.values.get(labelKey(labels)) ?? 0;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [key, v] of this.values) lines.push(fmt(this.name, key, v));
    if (this.values.size === 0) lines.push(fmt(this.name, '', 0));
    return lines.join('\n');
  }
}

export class Gauge implements Metric {
  private value = 0;
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  add(by: number): void {
    this.value += by;
  }
  get(): number {
    return this.value;
  }
  render(): string {
    return [
      `# HELP ${this.name} ${this.help}`,
      `# TYPE ${this.name} gauge`,
      fmt(this.name, '', this.value),
    ].join('\n');
  }
}

export class Histogram implements Metric {
  private readonly series = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: number[],
  ) {}
  observe(labels: Labels, value: number): void {
    const key = labelKey(labels);
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = { counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    this.buckets.forEach((b, i) => {
      if (value <= b) s.counts[i] = (s.counts[i] ?? 0) + 1;
    });
    s.sum += value;
    s.count += 1;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [key, s] of this.series) {
      const sep = key ? `${key},` : '';
      this.buckets.forEach((b, i) =>
        lines.push(fmt(`${this.name}_bucket`, `${sep}le="${b}"`, s.counts[i] ?? 0)),
      );
      lines.push(fmt(`${this.name}_bucket`, `${sep}le="+Inf"`, s.count));
      lines.push(fmt(`${this.name}_sum`, key, s.sum));
      lines.push(fmt(`${this.name}_count`, key, s.count));
    }
    return lines.join('\n');
  }
}

/** The server's metrics, one set per app instance. */
export class ServerMetrics {
  readonly requests = new Counter(
    'encore_http_requests_total',
    'HTTP requests by route and status',
  );
  readonly duration = new Histogram(
    'encore_http_request_duration_seconds',
    'HTTP request duration by route',
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  );
  readonly appended = new Counter(
    'encore_sync_messages_appended_total',
    'Sync messages appended to user logs',
  );
  readonly compacted = new Counter(
    'encore_sync_messages_compacted_total',
    'Sync messages deleted by compaction',
  );
  readonly wsConnections = new Gauge('encore_ws_connections', 'Open event WebSocket connections');
  readonly pokes = new Counter('encore_ws_pokes_total', 'Pokes sent to WebSocket clients');
  readonly rateLimited = new Counter(
    'encore_rate_limited_total',
    'Requests refused by rate limits',
  );
  readonly blobBytes = new Counter(
    'encore_blob_bytes_uploaded_total',
    'Blob upload body bytes received',
  );
  readonly blobUploads = new Gauge('encore_blob_uploads_in_flight', 'Blob uploads streaming now');

  render(): string {
    return (
      [
        this.requests,
        this.duration,
        this.appended,
        this.compacted,
        this.wsConnections,
        this.pokes,
        this.rateLimited,
        this.blobBytes,
        this.blobUploads,
      ]
        .map((m) => m.render())
        .join('\n') + '\n'
    );
  }
}
