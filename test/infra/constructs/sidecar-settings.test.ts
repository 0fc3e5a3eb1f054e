import { fileURLToPath } from 'node:url';
import t from 'tap';
import { parseAgentConfig, type AgentConfig } from '../../../envoy/agent/config.ts';
import {
  DEFAULT_DRAIN_SECONDS,
  DEFAULT_HEALTH_PORT,
  sidecarEnvironment,
  validateSidecarProps,
  type SidecarSettings,
} from '../../../infra/constructs/sidecar-settings.ts';
import type { Role } from '../../../lib/vocabulary.ts';
import { readDockerfile } from '../../docker/dockerfile-model.ts';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SECRET_ID = 'pca-mtls/colorteller';
/** What each role requires, as construct props and as the agent's variables. */
const REQUIRED: Record<Role, { props: SidecarSettings; env: Record<string, string> }> = {
  server: {
    props: { role: 'server', allowPeerSans: ['colorgateway.mesh.local'] },
    env: { PCA_MTLS_ROLE: 'server', PCA_MTLS_ALLOW_PEER_SAN: 'colorgateway.mesh.local' },
  },
  client: {
    props: { role: 'client', serverSan: 'colorteller.mesh.local', upstream: 'colorteller.mesh.local:15000' },
    env: {
      PCA_MTLS_ROLE: 'client',
      PCA_MTLS_SERVER_SAN: 'colorteller.mesh.local',
      PCA_MTLS_UPSTREAM: 'colorteller.mesh.local:15000',
    },
  },
  both: {
    props: {
      allowPeerSans: ['colorgateway.mesh.local'],
      serverSan: 'colorteller.mesh.local',
      upstream: 'colorteller.mesh.local:15000',
    },
    env: {
      PCA_MTLS_ALLOW_PEER_SAN: 'colorgateway.mesh.local',
      PCA_MTLS_SERVER_SAN: 'colorteller.mesh.local',
      PCA_MTLS_UPSTREAM: 'colorteller.mesh.local:15000',
    },
  },
};
/** The settings whose construct default is the agent's own. */
const SHARED = [
  'role',
  'listenPort',
  'appPort',
  'egressPort',
  'adminPort',
  'watchIntervalMs',
  'stopTimeoutMs',
] as const;

/** The agent's configuration from the variables the construct sets for these props. */
function agentFromConstruct(props: SidecarSettings): AgentConfig {
  const settings = validateSidecarProps({ ...props, identitySecretName: SECRET_ID });
  return parseAgentConfig([], { ...sidecarEnvironment(settings), PCA_MTLS_SECRET_ID: SECRET_ID });
}

function pick(config: AgentConfig): Partial<AgentConfig> {
  return Object.fromEntries(SHARED.map((key) => [key, config[key]]));
}

t.test("unset props are the agent's defaults, read back as the agent reads the construct's variables", async (t) => {
  for (const [role, required] of Object.entries(REQUIRED)) {
    const deployed = agentFromConstruct(required.props);
    // `both` sets no PCA_MTLS_ROLE: the agent's own default role applies, and must be the construct's.
    const alone = parseAgentConfig([], { ...required.env, PCA_MTLS_SECRET_ID: SECRET_ID });
    t.same(pick(deployed), pick(alone), `${role}: ${SHARED.join(', ')} as the agent's defaults`);
    t.equal(deployed.role, role);
    // The two the construct chooses for ECS, on purpose not the agent's.
    t.equal(alone.healthPort, undefined, 'the agent alone starts no health server');
    t.equal(deployed.healthPort, DEFAULT_HEALTH_PORT, 'the construct gives ECS a health port');
    t.not(alone.drainTimeoutMs, deployed.drainTimeoutMs);
    t.equal(deployed.drainTimeoutMs, DEFAULT_DRAIN_SECONDS * 1000, 'the construct drains longer than the agent');
  }
});

t.test('the construct accepts a whole-second duration exactly when the agent accepts it', async (t) => {
  const edges = {
    watchIntervalSeconds: [0, 1, 86_400, 86_401],
    drainTimeoutSeconds: [-1, 0, 300, 301],
    stopTimeoutSeconds: [0, 1, 300, 301],
  } as const;
  const variable = {
    watchIntervalSeconds: 'PCA_MTLS_WATCH_INTERVAL',
    drainTimeoutSeconds: 'PCA_MTLS_DRAIN_TIMEOUT',
    stopTimeoutSeconds: 'PCA_MTLS_STOP_TIMEOUT',
  } as const;
  for (const [prop, values] of Object.entries(edges) as [keyof typeof edges, readonly number[]][]) {
    const verdicts = values.map((value) => {
      const construct = accepts(() =>
        validateSidecarProps({ ...REQUIRED.server.props, identitySecretName: SECRET_ID, [prop]: value }),
      );
      const agent = accepts(() =>
        parseAgentConfig([], { ...REQUIRED.server.env, PCA_MTLS_SECRET_ID: SECRET_ID, [variable[prop]]: `${value}s` }),
      );
      return { value, construct, agent };
    });
    t.same(
      verdicts.map((v) => v.construct),
      verdicts.map((v) => v.agent),
      `${prop}: ${JSON.stringify(verdicts)}`,
    );
    // Each edge list straddles the range: the check above compares both outcomes, not only acceptances.
    t.same(
      verdicts.map((v) => v.agent),
      [false, true, true, false],
    );
  }
});

t.test("the construct's health port is the one the agent+Envoy image sets", async (t) => {
  const { final } = readDockerfile(REPO_ROOT, 'docker/agent-envoy/Dockerfile');
  t.equal(Number(final.env.PCA_MTLS_HEALTH_PORT), DEFAULT_HEALTH_PORT);
});

function accepts(parse: () => unknown): boolean {
  try {
    parse();
    return true;
  } catch {
    return false;
  }
}
