import type { ProjectFunctions } from '../local-wiring/project-functions.ts';
import type { CertificateDetail } from '@aws-sdk/client-acm';
import type { AwsClients } from '../../lib/aws/clients.ts';
import type { ExportResult } from '../../lib/identity/export-identity.ts';
import type { Logger } from '../../lib/logger.ts';
import type { RootCa } from '../../lib/private-ca/create-root-ca.ts';
import type { TrustBundleChange } from '../../lib/trust/trust-bundle.ts';
import type { RunningAwsLocal } from '../../services/aws-local/server.ts';
import type { CliIo } from '../io.ts';
import type { DemoIdentity } from './color-app.ts';
import type { AnonymousAttempt } from './connect-without-certificate.ts';
import type { EnvoySide } from './envoy-data-plane.ts';
import type { LocalControl } from './local-control.ts';
import type { RenewalEvent } from './renewal.ts';
import type { RunningParts } from './running-parts.ts';
import type { TrafficReport } from './traffic.ts';

/** Faults the walkthrough can inject into itself, to show that its checks really check. */
export const WALKTHROUGH_FAULTS = ['trust-bundle-missing-ca'] as const;
export type WalkthroughFault = (typeof WALKTHROUGH_FAULTS)[number];

export interface WalkthroughOptions {
  port: number;
  /** Keep this state directory instead of a fresh temporary one. */
  stateDir?: string;
  /** Resolves when the walkthrough should stop serving (Ctrl-C); omitted with --once. */
  serveUntil?: () => Promise<unknown>;
  fault?: WalkthroughFault;
  /** An envoy binary: agents supervise Envoy and the apps run behind it (Envoy mode). Without one: direct mode. */
  envoy?: string;
}

/** The embedded endpoint and what talks to it. */
export interface LocalEndpoint {
  local: RunningAwsLocal;
  clients: AwsClients;
  control: LocalControl;
  logger: Logger;
  now: () => Date;
  /** The project's functions and the renewal queue, as installProjectFunctions wired them. */
  functions: ProjectFunctions;
}

export interface IssuedIdentity {
  demo: DemoIdentity;
  ca: RootCa;
  certificate: CertificateDetail;
}

/** colorteller and its agent: `mtlsUrl` is its Envoy's listener in Envoy mode, the app itself in direct mode. */
export interface TellerSide {
  url: string;
  mtlsUrl: string;
  outDir: string;
  agentPid: number | undefined;
  envoy?: EnvoySide;
}

export interface GatewaySide {
  url: string;
  envoy?: EnvoySide;
}

export interface GatewayAnswer {
  color: string;
  caller: string;
  callerSerial?: string;
  teller?: { identity: string; serial: string };
}

export interface Serials {
  gateway: string;
  teller: string;
}

export interface RenewalOutcome {
  events: RenewalEvent[];
  newTellerSerial: string;
  newGatewaySerial: string;
  deploymentsBefore: number;
  newDeployment: { id: string; status: string; rolloutState: string };
  traffic: TrafficReport;
}

/** What each step establishes, by name: later steps build on earlier facts. */
export interface WalkthroughFacts {
  endpoint: LocalEndpoint;
  cas: { demo: DemoIdentity; ca: RootCa }[];
  issued: IssuedIdentity[];
  exported: ExportResult[];
  trust: TrustBundleChange;
  teller: TellerSide;
  gateway: GatewaySide;
  answers: GatewayAnswer[];
  refusal: AnonymousAttempt;
  serialsBefore: Serials;
  renewal: RenewalOutcome;
  summary: void;
}

/** Directories made before the first step: the endpoint's state, and the agents' files (memory-backed where possible). */
export interface Workspace {
  stateDir: string;
  filesDir: string;
  memoryBacked: boolean;
}

export interface WalkthroughContext {
  readonly options: WalkthroughOptions;
  readonly io: CliIo;
  readonly running: RunningParts;
  readonly workspace: Workspace;
  readonly facts: Partial<WalkthroughFacts>;
}

/** One step: its title, the work that establishes one fact, and the line that summarizes it. */
export interface WalkthroughStep<K extends keyof WalkthroughFacts> {
  readonly fact: K;
  title(ctx: WalkthroughContext): string;
  run(ctx: WalkthroughContext): Promise<WalkthroughFacts[K]>;
  summarize?(fact: WalkthroughFacts[K], ctx: WalkthroughContext): string;
}

/** A fact an earlier step established; a step list in the wrong order is a programming error. */
export function factOf<K extends keyof WalkthroughFacts>(ctx: WalkthroughContext, key: K): WalkthroughFacts[K] {
  if (!(key in ctx.facts)) throw new Error(`walkthrough: no '${key}' yet; the step establishing it runs later`);
  return ctx.facts[key] as WalkthroughFacts[K];
}

/** Envoy mode: an envoy binary was found or given. */
export function envoyMode(ctx: WalkthroughContext): boolean {
  return ctx.options.envoy !== undefined;
}
