/** PutRule and TestEventPattern answer an invalid pattern the same way. */
import { AwsError } from '../core/aws-error.ts';
import { EventPatternError, invalidPatternMessage, parseEventPattern, type EventPattern } from './event-pattern.ts';

/** Parses a pattern or throws InvalidEventPatternException with EventBridge's reason. */
export function requireValidPattern(text: string): EventPattern {
  try {
    return parseEventPattern(text);
  } catch (err) {
    if (err instanceof EventPatternError)
      throw new AwsError('InvalidEventPatternException', invalidPatternMessage(err.reason));
    throw err;
  }
}
