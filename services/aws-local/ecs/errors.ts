import { AwsError } from '../core/aws-error.ts';

/**
 * ECS's errors with the messages ECS answers. ECS reports most bad input as
 * `ClientException` or `InvalidParameterException` with a short sentence, and
 * missing resources with their own error names.
 */
export const ecsErrors = {
  clusterNotFound: () => new AwsError('ClusterNotFoundException', 'Cluster not found.'),
  serviceNotFound: () => new AwsError('ServiceNotFoundException', 'Service not found.'),
  serviceNotActive: () => new AwsError('ServiceNotActiveException', 'Service was not ACTIVE.'),
  client: (message: string) => new AwsError('ClientException', message),
  invalidParameter: (message: string) => new AwsError('InvalidParameterException', message),
  resourceNotFound: () => new AwsError('ResourceNotFoundException', 'The specified resource could not be found.'),
};
