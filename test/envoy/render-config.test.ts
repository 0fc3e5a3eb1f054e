import t, { type Test } from 'tap';
import { parse } from 'yaml';
import { renderBootstrap, renderEnvoyFiles, type EnvoyRenderOptions } from '../../envoy/config/render-bootstrap.ts';
import { envoyFilePaths, SDS_SECRET_NAMES } from '../../envoy/config/render-sds.ts';
import { run } from '../../envoy/agent/run-agent.ts';
import { checkAgainstEnvoyProto } from './envoy-proto.ts';
import { nth, present } from '../helpers/present.ts';

const BOOTSTRAP = 'envoy.config.bootstrap.v3.Bootstrap';
const DISCOVERY_RESPONSE = 'envoy.service.discovery.v3.DiscoveryResponse';
const OUT = '/dev/shm/pca-mtls';

const base: EnvoyRenderOptions = {
  outDir: OUT,
  role: 'both',
  nodeId: 'colorteller.task-1',
  nodeCluster: 'colorteller',
  adminPort: 9901,
  listenPort: 15000,
  appPort: 8080,
  allowPeerSans: ['colorgateway.mesh.local', 'colorblue.mesh.local'],
  egressPort: 15001,
  upstream: { host: 'colorteller.mesh.local', port: 15000 },
  serverSan: 'colorteller.mesh.local',
};

async function renderedAndChecked(t: Test, options: EnvoyRenderOptions) {
  const files = renderEnvoyFiles(options);
  const paths = envoyFilePaths(options.outDir);
  t.same(Object.keys(files).sort(), Object.values(paths).sort());
  const file = (path: string) => present(files[path], `the rendered file ${path}`);
  const bootstrap = parse(file(paths.bootstrap));
  t.same(
    await checkAgainstEnvoyProto(BOOTSTRAP, bootstrap),
    [],
    `${options.role}: the bootstrap is valid against Envoy's Bootstrap proto`,
  );
  for (const sds of [paths.tlsCertificateSds, paths.trustBundleSds]) {
    t.same(
      await checkAgainstEnvoyProto(DISCOVERY_RESPONSE, parse(file(sds))),
      [],
      `${options.role}: ${sds} is a valid DiscoveryResponse`,
    );
  }
  return { bootstrap, tls: parse(file(paths.tlsCertificateSds)), trust: parse(file(paths.trustBundleSds)) };
}

t.test(
  'server: mTLS listener with client certificate required, allowed SANs, XFCC, routing to the app; SDS by file',
  async (t) => {
    const { bootstrap, tls, trust } = await renderedAndChecked(t, {
      ...base,
      role: 'server',
      upstream: undefined,
      serverSan: undefined,
    });
    t.same(bootstrap.node, { id: 'colorteller.task-1', cluster: 'colorteller' });
    t.same(bootstrap.admin.address.socket_address, { address: '127.0.0.1', port_value: 9901 });
    t.equal(bootstrap.static_resources.listeners.length, 1);
    const [listener] = bootstrap.static_resources.listeners;
    t.same(listener.address.socket_address, { address: '0.0.0.0', port_value: 15000 });
    const chain = listener.filter_chains[0];
    const tlsContext = chain.transport_socket.typed_config;
    t.equal(tlsContext['@type'], 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext');
    t.equal(tlsContext.require_client_certificate, true);
    const common = tlsContext.common_tls_context;
    t.same(common.combined_validation_context.default_validation_context.match_typed_subject_alt_names, [
      { san_type: 'DNS', matcher: { exact: 'colorgateway.mesh.local' } },
      { san_type: 'DNS', matcher: { exact: 'colorblue.mesh.local' } },
    ]);
    t.same(common.tls_certificate_sds_secret_configs, [
      {
        name: SDS_SECRET_NAMES.tlsCertificate,
        sds_config: {
          path_config_source: { path: `${OUT}/tls-certificate.sds.yaml`, watched_directory: { path: OUT } },
          resource_api_version: 'V3',
        },
      },
    ]);
    t.same(common.combined_validation_context.validation_context_sds_secret_config.sds_config.path_config_source, {
      path: `${OUT}/trust-bundle.sds.yaml`,
      watched_directory: { path: OUT },
    });
    const hcm = chain.filters[0].typed_config;
    t.equal(hcm.forward_client_cert_details, 'SANITIZE_SET');
    t.same(hcm.set_current_client_cert_details, { subject: true, dns: true, uri: true });
    t.equal(hcm.route_config.virtual_hosts[0].routes[0].route.cluster, 'local_app');
    const [app] = bootstrap.static_resources.clusters;
    t.same(app.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address, {
      address: '127.0.0.1',
      port_value: 8080,
    });

    t.same(
      tls.resources,
      [
        {
          '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret',
          name: SDS_SECRET_NAMES.tlsCertificate,
          tls_certificate: {
            certificate_chain: { filename: `${OUT}/current/cert-chain.pem` },
            private_key: { filename: `${OUT}/current/key.pem` },
          },
        },
      ],
      'one Secret named as the listener asks, read through current/ so one swap moves certificate and key together',
    );
    t.same(trust.resources[0].validation_context, { trusted_ca: { filename: `${OUT}/current/trust-bundle.pem` } });
    t.equal(trust.resources[0].name, SDS_SECRET_NAMES.trustBundle);
  },
);

t.test(
  'client: egress on loopback, upstream cluster with client certificate, SNI and server SAN validation',
  async (t) => {
    const { bootstrap } = await renderedAndChecked(t, { ...base, role: 'client', allowPeerSans: [] });
    const [listener] = bootstrap.static_resources.listeners;
    t.equal(bootstrap.static_resources.listeners.length, 1);
    t.same(listener.address.socket_address, { address: '127.0.0.1', port_value: 15001 });
    t.notOk(listener.filter_chains[0].transport_socket, 'the app talks plain HTTP to its local Envoy');
    const [cluster] = bootstrap.static_resources.clusters;
    t.equal(cluster.type, 'STRICT_DNS');
    t.same(cluster.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address, {
      address: 'colorteller.mesh.local',
      port_value: 15000,
    });
    const upstream = cluster.transport_socket.typed_config;
    t.equal(upstream['@type'], 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext');
    t.equal(upstream.sni, 'colorteller.mesh.local');
    t.same(
      upstream.common_tls_context.combined_validation_context.default_validation_context.match_typed_subject_alt_names,
      [{ san_type: 'DNS', matcher: { exact: 'colorteller.mesh.local' } }],
    );
    t.equal(
      upstream.common_tls_context.tls_certificate_sds_secret_configs[0].name,
      SDS_SECRET_NAMES.tlsCertificate,
      'the client certificate',
    );
    t.equal(
      upstream.common_tls_context.tls_params.tls_maximum_protocol_version,
      'TLSv1_3',
      'Envoy clients default to TLS 1.2 max',
    );

    const ip = renderBootstrap({ ...base, role: 'client', upstream: { host: '10.0.0.7', port: 15000 } });
    t.equal(nth(ip.static_resources.clusters, 0).type, 'STATIC', 'an IP upstream needs no DNS');
  },
);

t.test('both: inbound and egress', async (t) => {
  const { bootstrap } = await renderedAndChecked(t, base);
  t.same(
    bootstrap.static_resources.listeners.map((l: { name: string }) => l.name),
    ['inbound_mtls', 'egress_mtls'],
  );
  t.same(
    bootstrap.static_resources.clusters.map((c: { name: string }) => c.name),
    ['local_app', 'upstream_mtls'],
  );
});

t.test('the proto checker rejects what Envoy would reject', async (t) => {
  const good = renderBootstrap(base);
  const mutate = (change: (b: any) => void) => {
    const copy = structuredClone(good) as any;
    change(copy);
    return checkAgainstEnvoyProto(BOOTSTRAP, copy);
  };
  t.match(
    await mutate(
      (b) =>
        (b.static_resources.listeners[0].filter_chains[0].transport_socket.typed_config.require_client_certificat = true),
    ),
    [
      /DownstreamTlsContext>\.require_client_certificat: unknown field of envoy\.extensions\.transport_sockets\.tls\.v3\.DownstreamTlsContext/,
    ],
    'a misspelled field inside a typed_config Any',
  );
  t.match(
    await mutate((b) => (b.admin.adress = b.admin.address)),
    [/admin\.adress: unknown field of envoy\.config\.bootstrap\.v3\.Admin/],
    'a misspelled top-level field',
  );
  t.match(
    await mutate(
      (b) =>
        (b.static_resources.listeners[0].filter_chains[0].filters[0].typed_config.forward_client_cert_details =
          'SANITISE_SET'),
    ),
    [/"SANITISE_SET" is not a value of/],
    'an enum value',
  );
  t.match(await mutate((b) => (b.static_resources.clusters[0].type = 'STATIC_DNS')), [/"STATIC_DNS" is not a value/]);
  t.match(
    await mutate(
      (b) =>
        (b.static_resources.listeners[0].filter_chains[0].transport_socket.typed_config['@type'] =
          'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContex'),
    ),
    [/is not a message in Envoy's API/],
    'an unknown @type',
  );
  t.match(
    await mutate((b) => (b.admin.address.socket_address.port_value = 70000)),
    [/port_value: must be at most 65535/],
    'validate rules',
  );
  t.match(await mutate((b) => (b.static_resources.clusters[0].connect_timeout = 5)), [/a Duration is a string/]);
  t.match(
    await mutate(
      (b) =>
        (b.static_resources.clusters[0].load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.pipe = {
          path: '/x',
        }),
    ),
    [/socket_address and pipe are one of 'address'/],
    'two members of a oneof',
  );
  t.match(
    await mutate(
      (b) =>
        delete b.static_resources.listeners[0].filter_chains[0].transport_socket.typed_config.common_tls_context
          .combined_validation_context.default_validation_context.match_typed_subject_alt_names[0].matcher.exact,
    ),
    [/one of .* is required \('match_pattern'\)/],
    'a required oneof',
  );
});

t.test('--print-config prints the rendered files and touches nothing', async (t) => {
  const out: string[] = [];
  const code = await run(
    [
      '--secret-id',
      'pca-mtls/colorteller',
      '--role',
      'server',
      '--allow-peer-san',
      'colorgateway.mesh.local',
      '--out-dir',
      '/nonexistent/agent',
      '--print-config',
    ],
    {
      env: {},
      stdout: (s) => out.push(s),
      clients: {
        get secrets(): never {
          throw new Error('--print-config must not call AWS');
        },
      },
    },
  );
  t.equal(code, 0);
  const text = out.join('');
  t.match(text, /# \/nonexistent\/agent\/envoy\.yaml\n/);
  t.match(text, /require_client_certificate: true/);
  const bootstrapYaml = nth(text.split(/^# \/nonexistent\/agent\/[a-z.-]+\n/m), 1, 'the printed files');
  t.same(await checkAgainstEnvoyProto(BOOTSTRAP, parse(bootstrapYaml)), []);
});
