/**
 * An error answered on the wire the way AWS answers it: JSON 1.1 body
 * `{"__type": Name, "message": …}`, the `x-amzn-ErrorType` header, and a status.
 */
export class AwsError extends Error {
  override readonly name = 'AwsError';
  /** AWS's error name, e.g. `ResourceNotFoundException`; the SDK maps it to a class. */
  readonly type: string;
  readonly statusCode: number;
  /** The error's code in AWS's older Query protocol, for services that still announce it (SQS). */
  readonly queryCode: string | undefined;

  constructor(type: string, message: string, statusCode = 400, queryCode?: string) {
    super(message);
    this.type = type;
    this.statusCode = statusCode;
    this.queryCode = queryCode;
  }
}

/** Status codes AWS uses for error names that are not client errors. */
const SERVER_ERROR_STATUS: Record<string, number> = {
  InternalServiceError: 500,
  InternalServiceErrorException: 500,
  InternalFailure: 500,
  InternalException: 500,
  ServerException: 500,
  ServiceUnavailable: 503,
  ServiceUnavailableException: 503,
};

/** The HTTP status AWS answers for an error name (4xx unless it is a known server error). */
export function statusForErrorType(type: string): number {
  return SERVER_ERROR_STATUS[type] ?? 400;
}

/** Errors raised by the wire layer itself, before any service code runs. */
export const protocolErrors = {
  unknownOperation: (target: string) =>
    new AwsError('UnknownOperationException', target ? `Unknown operation ${target}` : 'Missing X-Amz-Target header'),
  serialization: (detail: string) => new AwsError('SerializationException', detail),
  throttling: () => new AwsError('ThrottlingException', 'Rate exceeded'),
  unmappedOperation: (service: string, operation: string) =>
    new AwsError(
      'AccessDeniedException',
      `aws-local has no IAM mapping for ${service}:${operation} (add it to ${service}/authorization.ts); restricted callers are refused`,
    ),
};
