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
