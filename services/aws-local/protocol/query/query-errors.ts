import { AwsError } from '../../core/aws-error.ts';

/** Errors of the Query protocol itself, answered before any operation runs (AWS's common errors). */
export const queryErrors = {
  missingAction: () => new AwsError('MissingAction', 'The request must contain the parameter Action.'),
  invalidAction: (action: string) =>
    new AwsError('InvalidAction', `The action ${action.slice(0, 100)} is not valid for this web service.`),
  noSuchVersion: (version: string, service: string) =>
    new AwsError(
      'NoSuchVersion',
      `The requested version (${version.slice(0, 40)}) of service ${service} does not exist.`,
    ),
  // A form POST needs no preflight: without this a web page could drive aws-local (see OPERATIONS.md).
  missingAuthentication: () =>
    new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403),
  invalidValue: (parameter: string, reason: string) =>
    new AwsError('InvalidParameterValue', `Value for parameter ${parameter} is invalid. Reason: ${reason}`),
};
