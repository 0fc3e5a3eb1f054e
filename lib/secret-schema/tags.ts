/**
 * Tags on an identity secret bind it to its certificate and ECS services
 * (docs/architecture.md, "Tags and staging labels").
 */
export const TAG_IDENTITY = 'pca-mtls:identity';
export const TAG_CERTIFICATE_ARN = 'pca-mtls:certificate-arn';
/** Space-separated `cluster/service` names. */
export const TAG_ECS_SERVICES = 'pca-mtls:ecs-services';
/** `hot` (agents swap files) or `redeploy` (ECS forceNewDeployment). */
export const TAG_ROTATION = 'pca-mtls:rotation';
/**
 * What the sweep decides with, copied from the AWSCURRENT version at export
 * time so that a ListSecrets page is enough to tell whether an identity is due
 * (its value is read only when it is). Secrets exported before these tags
 * existed lack them and are read instead, then tagged.
 */
export const TAG_SOURCE = 'pca-mtls:source';
/** `client`, `server` or `both`: the role a re-export must verify for. */
export const TAG_ROLE = 'pca-mtls:role';
/** Lower-case hex, no separators (lib/serial.ts). */
export const TAG_SERIAL = 'pca-mtls:serial';
/** ISO 8601, whole seconds. */
export const TAG_NOT_BEFORE = 'pca-mtls:not-before';
export const TAG_NOT_AFTER = 'pca-mtls:not-after';
/** On the sweep state secret: the identity the last unfinished sweep stopped after. */
export const TAG_SWEEP_CURSOR = 'pca-mtls:sweep-cursor';
/**
 * The staging label that marks the secret version whose ECS roll has been
 * claimed (lib/renewal/roll-services.ts); a `redeploy` identity's first
 * version gets it at export, since its services were deployed with it.
 */
export const ROLL_STAGE = 'pca-mtls-rolled';
