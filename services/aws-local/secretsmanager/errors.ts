/**
 * Secrets Manager's errors with AWS's names and wording. None of them takes a
 * secret value: only names, ARNs, version ids and labels are ever echoed.
 */
import { AwsError } from '../core/aws-error.ts';

export const secretErrors = {
  notFound: () => new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret."),
  markedForDeletion: () =>
    new AwsError(
      'InvalidRequestException',
      "You can't perform this operation on the secret because it was marked for deletion.",
    ),
  nameScheduledForDeletion: () =>
    new AwsError(
      'InvalidRequestException',
      "You can't create this secret because a secret with this name is already scheduled for deletion.",
    ),
  alreadyExists: (name: string) =>
    new AwsError('ResourceExistsException', `The operation failed because the secret ${name} already exists.`),
  tokenInUse: (token: string, arn: string) =>
    new AwsError(
      'ResourceExistsException',
      `You can't use ClientRequestToken ${token} because that value is already in use for a version of secret ${arn}.`,
    ),
  invalidName: () =>
    new AwsError(
      'ValidationException',
      'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
    ),
  bothValues: () =>
    new AwsError(
      'InvalidParameterException',
      "You can't specify both a binary secret value and a string secret value in the same secret.",
    ),
  noValue: () => new AwsError('InvalidParameterException', 'You must provide either SecretString or SecretBinary.'),
  valueTooLarge: (member: 'secretString' | 'secretBinary') =>
    new AwsError(
      'ValidationException',
      `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to 65536`,
    ),
  noValueForStage: (stage: string) =>
    new AwsError(
      'ResourceNotFoundException',
      `Secrets Manager can't find the specified secret value for staging label: ${stage}`,
    ),
  noValueForVersion: (versionId: string) =>
    new AwsError(
      'ResourceNotFoundException',
      `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`,
    ),
  stageNotOnVersion: () =>
    new AwsError(
      'InvalidRequestException',
      'You provided a VersionStage that is not associated to the provided VersionId.',
    ),
  tooManyVersions: () =>
    new AwsError(
      'LimitExceededException',
      'You have exceeded the maximum number of versions for this secret. Secrets Manager removes deprecated versions 24 hours after they are created.',
    ),
  invalidNextToken: () => new AwsError('InvalidNextTokenException', 'The NextToken value is invalid.'),
  invalidParameter: (message: string) => new AwsError('InvalidParameterException', message),
  invalidRequest: (message: string) => new AwsError('InvalidRequestException', message),
};
