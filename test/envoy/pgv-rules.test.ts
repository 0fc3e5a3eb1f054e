/**
 * The checker enforces each kind of protoc-gen-validate rule in Envoy's protos: for every kind, a real Envoy
 * message that passes, and the same message with one violation that must be reported (path and rule).
 * What Envoy's own `--mode validate` would reject for that annotation is rejected here.
 */
import t from 'tap';
import { checkAgainstEnvoyProto } from './envoy-proto.ts';

interface Case {
  rule: string;
  type: string;
  valid: unknown;
  invalid: unknown;
  /** What the problem must say: the field path and the rule. */
  expect: RegExp;
}

const ROUTER = { '@type': 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router' };
const header = (key: string, value = 'v') => ({ header: { key, value } });
const CASES: Case[] = [
  {
    rule: 'message.required',
    type: 'envoy.config.route.v3.Route',
    valid: { match: { prefix: '/' }, route: { cluster: 'app' } },
    invalid: { route: { cluster: 'app' } },
    expect: /\.match: required/,
  },
  {
    rule: 'any.required (an Any that must be set)',
    type: 'envoy.config.core.v3.TypedExtensionConfig',
    valid: { name: 'envoy.filters.http.router', typed_config: ROUTER },
    invalid: { name: 'envoy.filters.http.router' },
    expect: /\.typed_config: required/,
  },
  {
    rule: 'duration.required',
    type: 'envoy.config.cluster.v3.Cluster.RefreshRate',
    valid: { base_interval: '1s' },
    invalid: {},
    expect: /\.base_interval: required/,
  },
  {
    rule: 'oneof (validate.required)',
    type: 'envoy.config.core.v3.SocketAddress',
    valid: { address: '127.0.0.1', port_value: 8080 },
    invalid: { address: '127.0.0.1' },
    expect: /one of port_value, named_port is required \('port_specifier'\)/,
  },
  {
    rule: 'string.min_len',
    type: 'envoy.config.route.v3.VirtualHost',
    valid: { name: 'app', domains: ['*'] },
    invalid: { name: '', domains: ['*'] },
    expect: /\.name: needs at least characters: 1 \(validate: min_len\)/,
  },
  {
    rule: 'string.max_bytes',
    type: 'envoy.config.core.v3.HeaderValue',
    valid: { key: 'x-caller', value: 'a'.repeat(16_384) },
    invalid: { key: 'x-caller', value: 'a'.repeat(16_385) },
    expect: /\.value: allows at most bytes: 16384/,
  },
  {
    rule: 'string.pattern',
    type: 'envoy.config.route.v3.RouteMatch',
    valid: { path_separated_prefix: '/api' },
    invalid: { path_separated_prefix: '/api/' },
    expect: /\.path_separated_prefix: must match/,
  },
  {
    rule: 'string.well_known_regex (HTTP_HEADER_NAME)',
    type: 'envoy.config.core.v3.HeaderValueOption',
    valid: header('x-caller'),
    invalid: header('x-caller\r\nx-injected'),
    expect: /\.header\.key: is not a valid header name/,
  },
  {
    rule: 'string.in',
    type: 'envoy.config.core.v3.SchemeHeaderTransformation',
    valid: { scheme_to_overwrite: 'https' },
    invalid: { scheme_to_overwrite: 'ftp' },
    expect: /\.scheme_to_overwrite: "ftp" is not one of \["http","https"\]/,
  },
  {
    rule: 'bytes.max_len',
    type: 'envoy.config.core.v3.HeaderValue',
    valid: { key: 'x-raw', raw_value: Buffer.alloc(16_384, 1).toString('base64') },
    invalid: { key: 'x-raw', raw_value: Buffer.alloc(16_385, 1).toString('base64') },
    expect: /\.raw_value: allows at most 16384 bytes/,
  },
  {
    rule: 'enum.defined_only',
    type: 'envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
    valid: { stat_prefix: 'in', forward_client_cert_details: 'SANITIZE_SET', route_config: {}, http_filters: [] },
    invalid: { stat_prefix: 'in', forward_client_cert_details: 99, route_config: {}, http_filters: [] },
    expect: /\.forward_client_cert_details: 99 is not a value of .*\(validate: defined_only\)/,
  },
  {
    rule: 'enum.not_in',
    type: 'envoy.config.core.v3.HealthCheck.HttpHealthCheck',
    valid: { path: '/healthz', method: 'GET' },
    invalid: { path: '/healthz', method: 'CONNECT' },
    expect: /\.method: "?\d+"? is not allowed here \(validate: not_in\)/,
  },
  {
    rule: 'repeated.min_items',
    type: 'envoy.config.route.v3.VirtualHost',
    valid: { name: 'app', domains: ['*'] },
    invalid: { name: 'app', domains: [] },
    expect: /\.domains: needs at least 1 item/,
  },
  {
    rule: 'repeated.max_items',
    type: 'envoy.config.route.v3.VirtualHost',
    valid: { name: 'app', domains: ['*'], request_headers_to_add: Array.from({ length: 1_000 }, () => header('x-a')) },
    invalid: {
      name: 'app',
      domains: ['*'],
      request_headers_to_add: Array.from({ length: 1_001 }, () => header('x-a')),
    },
    expect: /\.request_headers_to_add: allows at most 1000 item/,
  },
  {
    rule: 'repeated.unique',
    type: 'envoy.config.metrics.v3.HistogramBucketSettings',
    valid: { match: { exact: 'http.downstream_rq_time' }, buckets: [1, 5, 10] },
    invalid: { match: { exact: 'http.downstream_rq_time' }, buckets: [1, 5, 5] },
    expect: /\.buckets: items must be unique/,
  },
  {
    rule: 'repeated.items (rules on each item: double.gt)',
    type: 'envoy.config.metrics.v3.HistogramBucketSettings',
    valid: { match: { exact: 'http.downstream_rq_time' }, buckets: [0.5] },
    invalid: { match: { exact: 'http.downstream_rq_time' }, buckets: [0.5, 0] },
    expect: /\.buckets\[1\]: must be more than 0 \(validate: gt\)/,
  },
  {
    rule: 'duration.gt (an empty bound, restored from the .proto text)',
    type: 'envoy.config.cluster.v3.Cluster',
    valid: { name: 'app', connect_timeout: '0.25s' },
    invalid: { name: 'app', connect_timeout: '0s' },
    expect: /\.connect_timeout: must be more than 0s \(validate: gt\)/,
  },
  {
    rule: 'duration.gte',
    type: 'envoy.config.bootstrap.v3.Bootstrap',
    valid: { stats_flush_interval: '0.001s' },
    invalid: { stats_flush_interval: '0.0005s' },
    expect: /\.stats_flush_interval: must be at least 0\.001s \(validate: gte\)/,
  },
  {
    rule: 'duration.lt',
    type: 'envoy.config.bootstrap.v3.Bootstrap',
    valid: { stats_flush_interval: '299s' },
    invalid: { stats_flush_interval: '300s' },
    expect: /\.stats_flush_interval: must be less than 300s \(validate: lt\)/,
  },
  {
    rule: 'uint32.lte',
    type: 'envoy.config.core.v3.SocketAddress',
    valid: { address: '0.0.0.0', port_value: 65_535 },
    invalid: { address: '0.0.0.0', port_value: 65_536 },
    expect: /\.port_value: must be at most 65535 \(validate: lte\)/,
  },
  {
    rule: 'uint32.gte (on a UInt32Value wrapper)',
    type: 'envoy.config.cluster.v3.Cluster.LeastRequestLbConfig',
    valid: { choice_count: 2 },
    invalid: { choice_count: 1 },
    expect: /\.choice_count: must be at least 2 \(validate: gte\)/,
  },
  {
    rule: 'double.lte (on a DoubleValue wrapper)',
    type: 'envoy.config.cluster.v3.Cluster.PreconnectPolicy',
    valid: { per_upstream_preconnect_ratio: 3 },
    invalid: { per_upstream_preconnect_ratio: 3.5 },
    expect: /\.per_upstream_preconnect_ratio: must be at most 3 \(validate: lte\)/,
  },
  {
    rule: 'bool.const',
    type: 'envoy.config.bootstrap.v3.Bootstrap',
    valid: { stats_flush_on_admin: true },
    invalid: { stats_flush_on_admin: false },
    expect: /\.stats_flush_on_admin: must be true \(validate: const\)/,
  },
  {
    rule: 'map.keys (string.min_len on each key)',
    type: 'envoy.config.core.v3.Metadata',
    valid: { filter_metadata: { 'envoy.lb': {} } },
    invalid: { filter_metadata: { '': {} } },
    expect: /\.filter_metadata\. \(key\): needs at least characters: 1/,
  },
];

for (const c of CASES) {
  t.test(`${c.rule}: ${c.type}`, async (t) => {
    t.same(await checkAgainstEnvoyProto(c.type, c.valid), [], 'the valid message passes');
    const problems = await checkAgainstEnvoyProto(c.type, c.invalid);
    t.ok(
      problems.some((p) => c.expect.test(p)),
      `the violation is reported: ${JSON.stringify(problems)}`,
    );
  });
}
