import type { Role } from '../../lib/vocabulary.ts';
import { isIPv4 } from 'node:net';
import { stringify as toYaml } from 'yaml';
import {
  envoyFilePaths,
  renderTlsCertificateSds,
  renderTrustBundleSds,
  SDS_SECRET_NAMES,
  sdsSecretConfig,
} from './render-sds.ts';

/** What the bootstrap depends on; the agent derives it from its configuration. */
export interface EnvoyRenderOptions {
  outDir: string;
  role: Role;
  /** `node.id` and `node.cluster` (required by Envoy when SDS is used). */
  nodeId: string;
  nodeCluster: string;
  adminPort: number;
  /** Server side. */
  listenPort: number;
  appPort: number;
  allowPeerSans: readonly string[];
  /** Client side. */
  egressPort: number;
  upstream?: { host: string; port: number };
  serverSan?: string;
}

export const LISTENER_NAMES = Object.freeze({ inbound: 'inbound_mtls', egress: 'egress_mtls' });
export const CLUSTER_NAMES = Object.freeze({ localApp: 'local_app', upstream: 'upstream_mtls' });
/** Names the transport socket and filters resolve to (Envoy's well-known extension names). */
const TLS_SOCKET = 'envoy.transport_sockets.tls';
const HCM = 'envoy.filters.network.http_connection_manager';
const ROUTER = 'envoy.filters.http.router';
const CONNECT_TIMEOUT = '5s';
const TLS_PARAMS = { tls_minimum_protocol_version: 'TLSv1_2', tls_maximum_protocol_version: 'TLSv1_3' };

function socketAddress(address: string, port: number) {
  return { socket_address: { address, port_value: port } };
}

/** Certificates from SDS; peers validated against the trust bundle (SDS) and the given DNS SANs (static). */
function commonTlsContext(options: EnvoyRenderOptions, peerSans: readonly string[]) {
  const files = envoyFilePaths(options.outDir);
  return {
    tls_params: TLS_PARAMS,
    tls_certificate_sds_secret_configs: [
      sdsSecretConfig(SDS_SECRET_NAMES.tlsCertificate, files.tlsCertificateSds, options.outDir),
    ],
    combined_validation_context: {
      default_validation_context: {
        match_typed_subject_alt_names: peerSans.map((san) => ({ san_type: 'DNS', matcher: { exact: san } })),
      },
      validation_context_sds_secret_config: sdsSecretConfig(
        SDS_SECRET_NAMES.trustBundle,
        files.trustBundleSds,
        options.outDir,
      ),
    },
  };
}

function httpConnectionManager(statPrefix: string, cluster: string, extra: Record<string, unknown> = {}) {
  return {
    name: HCM,
    typed_config: {
      '@type': 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
      stat_prefix: statPrefix,
      ...extra,
      route_config: {
        name: `${statPrefix}_routes`,
        virtual_hosts: [{ name: statPrefix, domains: ['*'], routes: [{ match: { prefix: '/' }, route: { cluster } }] }],
      },
      http_filters: [
        {
          name: ROUTER,
          typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router' },
        },
      ],
    },
  };
}

function staticCluster(name: string, host: string, port: number, extra: Record<string, unknown> = {}) {
  const ip = isIPv4(host);
  return {
    name,
    type: ip ? 'STATIC' : 'STRICT_DNS',
    ...(ip ? {} : { dns_lookup_family: 'V4_ONLY' }),
    connect_timeout: CONNECT_TIMEOUT,
    load_assignment: {
      cluster_name: name,
      endpoints: [{ lb_endpoints: [{ endpoint: { address: socketAddress(host, port) } }] }],
    },
    ...extra,
  };
}

/** Server: mTLS in on --listen-port (client certificate required, SANs allowed), XFCC set, plain HTTP to the app. */
function inbound(options: EnvoyRenderOptions) {
  const listener = {
    name: LISTENER_NAMES.inbound,
    stat_prefix: LISTENER_NAMES.inbound,
    address: socketAddress('0.0.0.0', options.listenPort),
    filter_chains: [
      {
        filters: [
          httpConnectionManager(LISTENER_NAMES.inbound, CLUSTER_NAMES.localApp, {
            // The app learns who called from x-forwarded-client-cert; a client-sent header is replaced, never trusted.
            forward_client_cert_details: 'SANITIZE_SET',
            set_current_client_cert_details: { subject: true, dns: true, uri: true },
          }),
        ],
        transport_socket: {
          name: TLS_SOCKET,
          typed_config: {
            '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext',
            require_client_certificate: true,
            common_tls_context: commonTlsContext(options, options.allowPeerSans),
          },
        },
      },
    ],
  };
  return { listener, cluster: staticCluster(CLUSTER_NAMES.localApp, '127.0.0.1', options.appPort) };
}

/** Client: plain HTTP in on 127.0.0.1:--egress-port, mTLS out to --upstream with SNI and server SAN validation. */
function egress(options: EnvoyRenderOptions) {
  if (!options.upstream || !options.serverSan) throw new TypeError('the client role needs upstream and serverSan');
  const listener = {
    name: LISTENER_NAMES.egress,
    stat_prefix: LISTENER_NAMES.egress,
    address: socketAddress('127.0.0.1', options.egressPort),
    filter_chains: [{ filters: [httpConnectionManager(LISTENER_NAMES.egress, CLUSTER_NAMES.upstream)] }],
  };
  const cluster = staticCluster(CLUSTER_NAMES.upstream, options.upstream.host, options.upstream.port, {
    transport_socket: {
      name: TLS_SOCKET,
      typed_config: {
        '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
        sni: options.serverSan,
        common_tls_context: commonTlsContext(options, [options.serverSan]),
      },
    },
  });
  return { listener, cluster };
}

/** Envoy's bootstrap for the role, as a plain object in proto3 JSON form (snake_case, `@type` for Any). */
export function renderBootstrap(options: EnvoyRenderOptions) {
  const parts = [
    ...(options.role !== 'client' ? [inbound(options)] : []),
    ...(options.role !== 'server' ? [egress(options)] : []),
  ];
  return {
    node: { id: options.nodeId, cluster: options.nodeCluster },
    // Loopback only: the admin API can drain and stop Envoy.
    admin: { address: socketAddress('127.0.0.1', options.adminPort) },
    static_resources: {
      listeners: parts.map((p) => p.listener),
      clusters: parts.map((p) => p.cluster),
    },
  };
}

/** The three files the agent writes into `<out-dir>`, keyed by path, as YAML text. */
export function renderEnvoyFiles(options: EnvoyRenderOptions): Record<string, string> {
  const files = envoyFilePaths(options.outDir);
  const header = '# Rendered by the pca-mtls agent; rewritten at every start. Do not edit.\n';
  // Spelled out in full (no YAML anchors/aliases): easier to read and diff, and any YAML reader takes it.
  const stringify = (value: unknown) => toYaml(value, { aliasDuplicateObjects: false });
  return {
    [files.bootstrap]: header + stringify(renderBootstrap(options)),
    [files.tlsCertificateSds]: header + stringify(renderTlsCertificateSds(options.outDir)),
    [files.trustBundleSds]: header + stringify(renderTrustBundleSds(options.outDir)),
  };
}
