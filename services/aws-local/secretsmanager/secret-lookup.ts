/**
 * Finding a secret from a SecretId (name, full ARN or partial ARN) and the
 * lazy end of recovery windows: a secret whose DeletionDate has passed on the
 * shared clock is gone, whether or not anything ran at that moment.
 */
import type { OperationContext } from '../protocol/service.ts';
import { secretErrors } from './errors.ts';
import type { SecretsManagerState, StoredSecret } from './state.ts';

type Ctx = OperationContext<SecretsManagerState>;

/** Characters AWS accepts in a secret name (`!` appears in names of secrets other services manage). */
const NAME_PATTERN = /^[A-Za-z0-9/_+=.@!-]+$/;

export function checkSecretName(name: string): void {
  if (!NAME_PATTERN.test(name)) throw secretErrors.invalidName();
}

/** This region's secrets as stored (older state files kept `{}` for this service). */
export function secretsOf(ctx: Ctx): Record<string, StoredSecret> {
  return (ctx.state.secrets ??= {});
}

/** This region's secrets, with every secret past its recovery window removed (listing only: it visits them all). */
export function liveSecrets(ctx: Ctx): Record<string, StoredSecret> {
  const secrets = secretsOf(ctx);
  const now = ctx.nowMs();
  for (const [name, secret] of Object.entries(secrets)) {
    if (secret.deletionDateMs !== undefined && secret.deletionDateMs <= now) delete secrets[name];
  }
  return secrets;
}

/**
 * The secret named `name`, unless its recovery window has ended (it is then
 * removed: gone). One lookup, whatever the number of secrets.
 */
export function liveSecret(ctx: Ctx, name: string): StoredSecret | undefined {
  const secrets = secretsOf(ctx);
  if (!Object.hasOwn(secrets, name)) return undefined;
  const secret = secrets[name];
  if (secret?.deletionDateMs !== undefined && secret.deletionDateMs <= ctx.nowMs()) {
    delete secrets[name];
    return undefined;
  }
  return secret;
}

/** AWS appends `-` and six random characters to the name in a secret's ARN. */
const ARN_SUFFIX_LENGTH = 7;

/**
 * The secret a SecretId names, or undefined. An ARN must be this region's and
 * account's; a partial ARN (without the `-xxxxxx` suffix) matches by name, as AWS allows.
 */
export function findSecret(ctx: Ctx, secretId: string): StoredSecret | undefined {
  if (!secretId.startsWith('arn:')) {
    checkSecretName(secretId);
    return liveSecret(ctx, secretId);
  }
  const prefix = ctx.arn('secretsmanager', 'secret:');
  if (!secretId.startsWith(prefix)) return undefined;
  const rest = secretId.slice(prefix.length);
  const full = rest.length > ARN_SUFFIX_LENGTH ? liveSecret(ctx, rest.slice(0, -ARN_SUFFIX_LENGTH)) : undefined;
  if (full?.arn === secretId) return full;
  return liveSecret(ctx, rest);
}

export function requireSecret(ctx: Ctx, secretId: string): StoredSecret {
  const secret = findSecret(ctx, secretId);
  if (!secret) throw secretErrors.notFound();
  return secret;
}

export function isScheduledForDeletion(secret: StoredSecret): boolean {
  return secret.deletionDateMs !== undefined;
}

/** Operations that read or change a value refuse a secret in its recovery window. */
export function requireActiveSecret(ctx: Ctx, secretId: string): StoredSecret {
  const secret = requireSecret(ctx, secretId);
  if (isScheduledForDeletion(secret)) throw secretErrors.markedForDeletion();
  return secret;
}

const DAY_MS = 86_400_000;

/** AWS records access dates without the time of day. */
export function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}
