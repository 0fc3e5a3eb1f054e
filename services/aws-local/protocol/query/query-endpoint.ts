/**
 * The AWS Query protocol in front of the JSON dispatcher: a form-encoded
 * `Action=…&Version=…` request is decoded into the operation's JSON input and
 * handed to the same Dispatcher (so quotas, faults, validation, IAM and the
 * request log are the JSON path's), and its answer is re-encoded as the XML
 * document the Query protocol answers. Only services with a `query`
 * definition are reachable this way (SQS).
 */
import { randomUUID } from 'node:crypto';
import { AwsError } from '../../core/aws-error.ts';
import type { WireRequest, WireResponse } from '../dispatch.ts';
import type { ServiceDefinition } from '../service.ts';
import type { QueryProtocolDefinition } from './definition.ts';
import { decodeQueryInput } from './decode-input.ts';
import { encodeQueryError, encodeQueryResult, type QueryErrorView } from './encode-xml.ts';
import { formTree } from './form-tree.ts';
import { queryErrors } from './query-errors.ts';

/** SQS answers Query requests as `text/xml`. */
const XML_CONTENT_TYPE = 'text/xml';

/** Whether a request's Content-Type selects the Query protocol (what SQS looks at, besides a missing X-Amz-Target). */
export function isQueryContentType(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

export interface QueryRequest {
  body: string;
  authorization: string | undefined;
  origin?: string;
}

type QueryService = ServiceDefinition & { query: QueryProtocolDefinition };

export class QueryEndpoint {
  private readonly byAction = new Map<string, QueryService>();
  /** Whose namespace errors found before the action is known answer in (the first Query service). */
  private readonly fallback: QueryService | undefined;

  constructor(
    services: readonly ServiceDefinition[],
    private readonly dispatch: (request: WireRequest) => Promise<WireResponse>,
  ) {
    for (const service of services) {
      if (!service.query) continue;
      for (const action of Object.keys(service.operations)) {
        if (!this.byAction.has(action)) this.byAction.set(action, service as QueryService);
      }
    }
    this.fallback = services.find((s): s is QueryService => s.query !== undefined);
  }

  async handle(request: QueryRequest): Promise<WireResponse> {
    let service: QueryService | undefined;
    try {
      const params = new URLSearchParams(request.body);
      if (!request.authorization) throw queryErrors.missingAuthentication();
      const action = params.get('Action');
      if (!action) throw queryErrors.missingAction();
      service = this.byAction.get(action);
      if (!service) throw queryErrors.invalidAction(action);
      const version = params.get('Version');
      if (version !== null && version !== service.query.version) {
        throw queryErrors.noSuchVersion(version, service.targetPrefix);
      }
      const operation = service.operations[action]!;
      const input = decodeQueryInput(formTree(params), operation.input, action, service.query);
      const answer = await this.dispatch({
        target: `${service.targetPrefix}.${action}`,
        authorization: request.authorization,
        body: JSON.stringify(input),
        ...(request.origin ? { origin: request.origin } : {}),
      });
      return toQueryResponse(answer, action, service.query);
    } catch (err) {
      if (!(err instanceof AwsError)) throw err;
      const requestId = randomUUID();
      const view = { code: err.queryCode ?? err.type, message: err.message, fault: faultOf(err.statusCode) };
      return xmlResponse(
        err.statusCode,
        encodeQueryError(view, requestId, (service ?? this.fallback)?.query),
        requestId,
      );
    }
  }
}

/** The JSON path's answer, re-encoded: its result as XML, or its error with the Query code it announced. */
function toQueryResponse(answer: WireResponse, action: string, query: QueryProtocolDefinition): WireResponse {
  const requestId = answer.headers['x-amzn-requestid'] ?? randomUUID();
  const body = answer.body ? (JSON.parse(answer.body) as Record<string, unknown>) : {};
  if (answer.statusCode < 300) {
    return xmlResponse(answer.statusCode, encodeQueryResult(action, body, requestId, query), requestId);
  }
  return xmlResponse(answer.statusCode, encodeQueryError(errorView(answer, body), requestId, query), requestId);
}

function errorView(answer: WireResponse, body: Record<string, unknown>): QueryErrorView {
  const message = body['message'] ?? body['Message'];
  const type = body['__type'];
  // `x-amzn-query-error: CODE;Sender` is the JSON path's own statement of the Query error.
  const [code, fault] = (answer.headers['x-amzn-query-error'] ?? '').split(';');
  return {
    code: code || answer.headers['x-amzn-errortype'] || (typeof type === 'string' ? type : 'InternalFailure'),
    message: typeof message === 'string' ? message : '',
    fault: fault === 'Sender' || fault === 'Receiver' ? fault : faultOf(answer.statusCode),
  };
}

function faultOf(statusCode: number): 'Sender' | 'Receiver' {
  return statusCode >= 500 ? 'Receiver' : 'Sender';
}

function xmlResponse(statusCode: number, body: string, requestId: string): WireResponse {
  return { statusCode, headers: { 'content-type': XML_CONTENT_TYPE, 'x-amzn-requestid': requestId }, body };
}
