/** A pattern EventBridge would refuse; `reason` is the text after "Reason: ". */
export class EventPatternError extends Error {
  override readonly name = 'EventPatternError';
  readonly reason: string;

  constructor(reason: string) {
    super(reason);
    this.reason = reason;
  }
}

/** The value as a string, or the pattern is refused with `message`. */
export function requireString(value: unknown, message: string): string {
  if (typeof value !== 'string') throw new EventPatternError(message);
  return value;
}
