import type { Role } from '../../../lib/vocabulary.ts';

/** The validated, frozen agent configuration: one object for every part of the agent. */
export interface AgentConfig {
  readonly secretId: string;
  readonly trustSecretId: string;
  readonly outDir: string;
  readonly role: Role;
  /** Server side: DNS SANs of the clients allowed to connect. */
  readonly allowPeerSans: readonly string[];
  /** Client side: the DNS SAN the server must present (also the SNI). */
  readonly serverSan?: string;
  readonly listenPort: number;
  readonly appPort: number;
  readonly egressPort: number;
  readonly upstream?: { readonly host: string; readonly port: number };
  readonly adminPort: number;
  readonly healthPort?: number;
  readonly healthHost: string;
  readonly once: boolean;
  readonly watchIntervalMs: number;
  readonly drainTimeoutMs: number;
  readonly stopTimeoutMs: number;
  readonly uid?: number;
  readonly gid?: number;
  readonly allowDisk: boolean;
  readonly printConfig: boolean;
  /** `-- COMMAND ARGS...`: the process to supervise (normally Envoy); empty for none. */
  readonly command: readonly string[];
}
