// The credential chain of the Lambda bundles, and of nothing else: scripts/lambda-bundles.mjs resolves
// every import of '@aws-sdk/credential-provider-node' in a Lambda bundle to this module. Lambda always
// hands a function its execution role's credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
// AWS_SESSION_TOKEN, so the full Node chain (profiles, SSO, web identity, process, container/IMDS, with
// the STS/SSO clients they carry) is dead weight there: it was a third of a bundle and of its cold start.
// The CLI, the agent and the tests keep the SDK's full chain.
import { fromEnv } from '@aws-sdk/credential-provider-env';

type EnvInit = Parameters<typeof fromEnv>[0];

/** Same name and shape as the SDK's `defaultProvider`, so the clients' runtime config picks it up unchanged. */
export function defaultProvider(init?: EnvInit) {
  return fromEnv(init);
}
