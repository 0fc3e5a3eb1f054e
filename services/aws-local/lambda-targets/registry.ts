/**
 * The Lambda functions aws-local can invoke as EventBridge targets: a
 * registry from function ARN (or bare function name) to an in-process handler.
 * aws-local runs no Lambda runtime; whoever embeds it (the `pca-mtls local`
 * command, a test) registers the handlers it wants invoked, so the emulator
 * never imports product code.
 */

/** The context a registered handler receives: the members Lambda handlers commonly read. */
export interface LambdaInvokeContext {
  awsRequestId: string;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  /** Milliseconds until this invocation's timeout. */
  getRemainingTimeInMillis(): number;
}

/** A registered function: receives the whole event (or the target's Input), resolves with its result. */
export type LambdaHandler = (event: unknown, context: LambdaInvokeContext) => Promise<unknown>;

export interface RegisteredFunction {
  functionName: string;
  handler: LambdaHandler;
  /** Invocation timeout; the delivery default when omitted. */
  timeoutMs?: number;
}

/** `arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]` */
const FUNCTION_ARN =
  /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]{1,64})(?::[A-Za-z0-9$_-]+)?$/;
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export function parseFunctionArn(arn: string): { region: string; account: string; functionName: string } | undefined {
  const [, region, account, functionName] = FUNCTION_ARN.exec(arn) ?? [];
  return region !== undefined && account !== undefined && functionName !== undefined
    ? { region, account, functionName }
    : undefined;
}

export function functionArn(region: string, accountId: string, functionName: string): string {
  return `arn:aws:lambda:${region}:${accountId}:function:${functionName}`;
}

export class LambdaRegistry {
  private readonly byArn = new Map<string, RegisteredFunction>();
  private readonly byName = new Map<string, RegisteredFunction>();
  private readonly accountId: string;

  constructor(accountId: string) {
    this.accountId = accountId;
  }

  /**
   * Registers a handler under a full function ARN (that region only) or a bare
   * function name (any region of the emulator's account). Registering again
   * replaces the handler.
   */
  register(arnOrName: string, handler: LambdaHandler, options: { timeoutMs?: number } = {}): void {
    const parsed = parseFunctionArn(arnOrName);
    if (parsed) {
      this.byArn.set(withoutQualifier(arnOrName), {
        functionName: parsed.functionName,
        handler,
        timeoutMs: options.timeoutMs,
      });
      return;
    }
    if (!FUNCTION_NAME.test(arnOrName)) {
      throw new RangeError(`'${arnOrName}' is neither a Lambda function ARN nor a function name`);
    }
    this.byName.set(arnOrName, { functionName: arnOrName, handler, timeoutMs: options.timeoutMs });
  }

  unregister(arnOrName: string): void {
    this.byArn.delete(withoutQualifier(arnOrName));
    this.byName.delete(arnOrName);
  }

  /** The function a target ARN reaches, or a reason it reaches none. */
  resolve(targetArn: string): { fn: RegisteredFunction } | { reason: string } {
    const parsed = parseFunctionArn(targetArn);
    if (!parsed)
      return { reason: `aws-local delivers only to Lambda function and SQS queue targets; ${targetArn} is neither` };
    const fn =
      this.byArn.get(withoutQualifier(targetArn)) ??
      (parsed.account === this.accountId ? this.byName.get(parsed.functionName) : undefined);
    if (!fn) return { reason: `Function not found: ${targetArn} (no handler is registered with aws-local for it)` };
    return { fn };
  }

  /** Registered ARNs and names, for the control API. */
  list(): string[] {
    return [...this.byArn.keys(), ...this.byName.keys()].sort();
  }
}

function withoutQualifier(arn: string): string {
  const parsed = parseFunctionArn(arn);
  return parsed ? arn.split(':').slice(0, 7).join(':') : arn;
}
