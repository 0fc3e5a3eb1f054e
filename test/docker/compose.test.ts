import { Ajv } from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { parse } from 'yaml';
import { DEFAULT_ADMIN_PORT, parseAgentConfig } from '../../envoy/agent/config.ts';
import { COMPOSE_IDENTITIES } from '../../docker/setup/compose-setup.ts';
import { readDockerfile, type Stage } from './dockerfile-model.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const COMPOSE_DIR = join(REPO_ROOT, 'docker');
const SCHEMA = JSON.parse(readFileSync(join(COMPOSE_DIR, 'compose-spec/compose-spec.json'), 'utf8')) as object;

interface Service {
  build?: { context: string; dockerfile: string };
  image?: string;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string | undefined>;
  ports?: string[];
  network_mode?: string;
  depends_on?: Record<string, { condition: string }>;
}
const compose = () =>
  parse(readFileSync(join(COMPOSE_DIR, 'compose.yaml'), 'utf8'), { merge: true }) as {
    services: Record<string, Service>;
  };

function validator() {
  // strict off: the schema uses its own keywords (e.g. `deprecated`, patternProperties for x- extensions).
  const ajv = new Ajv({ allErrors: true, strict: false });
  // The schema names draft-07 by its https URL; ajv registers draft-07 under the http one. Same meta-schema.
  return ajv.compile({ ...SCHEMA, $schema: 'http://json-schema.org/draft-07/schema#' });
}

t.test('compose.yaml validates against the Compose Specification JSON schema', async (t) => {
  const validate = validator();
  const ok = validate(compose());
  t.ok(ok, `valid: ${JSON.stringify(validate.errors ?? [])}`);

  const broken = compose();
  (broken.services['aws-local'] as Record<string, unknown>).prots = ['4566:4566'];
  (broken.services.setup as Record<string, unknown>).depends_on = { 'aws-local': { condition: 'when_ready' } };
  t.notOk(validate(broken), 'and the schema does reject a misspelt key and an unknown depends_on condition');
  const paths = (validate.errors ?? []).map((e) => e.instancePath);
  t.ok(
    paths.some((p) => p.startsWith('/services/aws-local')) && paths.some((p) => p.startsWith('/services/setup')),
    'both named',
  );
});

/** Each image name, with the final stage of the Dockerfile that builds it. */
function imagesOf(services: Partial<Record<string, Service>>): Map<string, Stage> {
  const images = new Map<string, Stage>();
  for (const service of Object.values(services)) {
    if (!service?.build) continue;
    t.equal(service.build.context, '..', 'the build context is the repository root');
    images.set(service.image!, readDockerfile(REPO_ROOT, service.build.dockerfile).final);
  }
  return images;
}

/** What the service runs: compose's entrypoint/command over the image's ENTRYPOINT/CMD, as Docker does. */
function commandLine(service: Service, stage: Stage): string[] {
  const entrypoint = service.entrypoint ?? stage.entrypoint ?? [];
  const command = service.command ?? (service.entrypoint ? [] : (stage.cmd ?? []));
  return [...entrypoint, ...command];
}

/** Files the image's COPY instructions put under a directory destination. */
function copiedFiles(stage: Stage): Set<string> {
  return new Set(
    stage.copies.flatMap((c) =>
      c.destination.endsWith('/') ? c.sources.map((s) => c.destination + s.split('/').at(-1)) : [c.destination],
    ),
  );
}

t.test('services, images, commands and namespaces agree with the Dockerfiles', async (t) => {
  const { services } = compose();
  const images = imagesOf(services);
  t.same([...images.keys()].sort(), ['pca-mtls-agent-envoy', 'pca-mtls-aws-local', 'pca-mtls-color-app']);
  for (const [name, service] of Object.entries(services)) {
    if (!service) continue;
    const stage = images.get(service.image!);
    t.ok(stage, `${name}: its image ${service.image} is built by this file`);
    if (!stage) continue;
    const line = commandLine(service, stage);
    const files = copiedFiles(stage);
    for (const arg of line.flatMap((a) => a.match(/\/opt\/[\w./-]+\.m?js/g) ?? []))
      t.ok(files.has(arg), `${name}: ${arg} is a file the image copies`);
    if (service.network_mode) {
      const owner = service.network_mode.replace(/^service:/, '');
      t.ok(services[owner], `${name}: shares the namespace of ${owner}, a service of this file`);
      t.notOk(service.ports, `${name}: ports belong to the namespace owner`);
      t.ok(service.depends_on?.[owner], `${name}: starts after ${owner}`);
    }
  }
  const awsLocal = commandLine(services['aws-local'] ?? {}, images.get('pca-mtls-aws-local')!);
  const port = awsLocal[awsLocal.indexOf('--port') + 1];
  for (const [name, service] of Object.entries(services))
    if (service?.environment?.AWS_ENDPOINT_URL)
      t.equal(
        service.environment.AWS_ENDPOINT_URL,
        `http://aws-local:${port}`,
        `${name}: talks to aws-local on the port it listens on`,
      );
});

t.test("the agents' settings: valid for the agent, and the ports and names line up across services", async (t) => {
  const { services } = compose();
  const agentImage = readDockerfile(REPO_ROOT, 'docker/agent-envoy/Dockerfile').final;
  const configOf = (name: string) => {
    const service = services[name] ?? {};
    t.equal(service.image, 'pca-mtls-agent-envoy', `${name} runs the agent-envoy image`);
    const line = commandLine(service, agentImage);
    const argv = line.slice(line.indexOf('/opt/pca-mtls/agent.mjs') + 1);
    // The image's ENV under the service's environment, as Docker merges them.
    return parseAgentConfig(argv, { ...agentImage.env, ...service.environment });
  };
  const teller = configOf('colorteller-envoy');
  const gateway = configOf('colorgateway-envoy');
  t.equal(teller.once, false, 'watch mode');
  t.equal(gateway.once, false, 'watch mode');
  t.same(teller.command, ['/usr/local/bin/envoy', '-c', `${teller.outDir}/envoy.yaml`], 'the agent supervises Envoy');
  const [tellerId, gatewayId] = COMPOSE_IDENTITIES;
  t.equal(teller.secretId, `pca-mtls/${tellerId.identity}`, 'the secret the setup job writes');
  t.equal(gateway.secretId, `pca-mtls/${gatewayId.identity}`);
  t.same(teller.allowPeerSans, [gatewayId.domain], "the teller admits the gateway's certificate");
  t.equal(gateway.serverSan, tellerId.domain, "the gateway expects the teller's");
  t.same(
    gateway.upstream,
    { host: 'colorteller-envoy', port: teller.listenPort },
    "the gateway's Envoy dials the teller's listener",
  );

  const tellerApp = services.colorteller?.environment ?? {};
  t.equal(Number(tellerApp.PORT), teller.appPort, 'colorteller listens where its Envoy routes');
  t.equal(tellerApp.TLS_MODE, 'envoy');
  t.equal(tellerApp.ALLOWED_CLIENT_SANS, gatewayId.domain);
  const gatewayApp = services.colorgateway?.environment ?? {};
  t.equal(gatewayApp.TELLER_URL, `http://127.0.0.1:${gateway.egressPort}`, "colorgateway calls its Envoy's egress");
  t.same(
    services['colorgateway-envoy']?.ports,
    [`127.0.0.1:${gatewayApp.PORT}:${gatewayApp.PORT}`],
    "the gateway's port is published by its namespace owner",
  );

  const toolsImage = readDockerfile(REPO_ROOT, 'docker/aws-local/Dockerfile').final;
  const checks = ['check-gateway', 'check-teller'].map((name) => ({
    name,
    line: commandLine(services[name] ?? {}, toolsImage).join(' '),
  }));
  const [gatewayCheck, tellerCheck] = checks;
  for (const { name, line } of checks) {
    t.match(
      line,
      new RegExp(`verify --admin http://127\\.0\\.0\\.1:${DEFAULT_ADMIN_PORT}`),
      `${name}: pca-mtls verify on the admin port (loopback in the namespace)`,
    );
  }
  t.match(gatewayCheck?.line, `--secret-id ${gateway.secretId}`);
  t.match(gatewayCheck?.line, `http://127.0.0.1:${gatewayApp.PORT}/color`, 'requests through the gateway first');
  t.match(tellerCheck?.line, `--secret-id ${teller.secretId}`);
  t.equal(
    services['check-teller']?.depends_on?.['check-gateway']?.condition,
    'service_completed_successfully',
    'the teller is verified after traffic went through it',
  );
  t.ok(existsSync(join(COMPOSE_DIR, 'compose-spec/LICENSE')), 'the vendored schema keeps its license');
});
