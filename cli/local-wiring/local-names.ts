/**
 * The names `pca-mtls local` wires the project under, apart from the wiring
 * itself so that `pca-mtls local --help` can print them without loading the
 * AWS SDK clients, the Lambda handlers and aws-local.
 */

export const DEFAULT_LOCAL_REGION = 'us-east-1';
/**
 * Access keys the in-process functions sign with, one per function as each has
 * its own role in AWS: `--iam AKIDPCAMTLSRENEW=renew-policy.json` restricts the
 * renew function to that policy. Rules and the queue are installed as the deployer would.
 */
export const FUNCTION_ACCESS_KEYS = {
  export: 'AKIDPCAMTLSEXPORT',
  renew: 'AKIDPCAMTLSRENEW',
  deploy: 'AKIDPCAMTLSDEPLOY',
} as const;
/** The SQS queue ACM's events rule delivers to, and the renew function's event source mapping reads. */
export const RENEWAL_QUEUE_NAME = 'pca-mtls-renewal-events';
