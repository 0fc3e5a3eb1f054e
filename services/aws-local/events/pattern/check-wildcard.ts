import { EventPatternError } from './pattern-error.ts';

/**
 * EventBridge's wildcard syntax: no `**`, and `\` may only escape `*` or `\`.
 * Positions count UTF-8 bytes from 1, as EventBridge reports them (its parser
 * sees the value behind an opening quote).
 */
export function checkWildcard(value: string): void {
  const bytes = Buffer.from(value, 'utf8');
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x2a && bytes[i + 1] === 0x2a) {
      throw new EventPatternError(`Consecutive wildcard characters at pos ${i + 1}`);
    }
    if (bytes[i] === 0x5c) {
      if (bytes[i + 1] === 0x2a || bytes[i + 1] === 0x5c) {
        i++;
        continue;
      }
      throw new EventPatternError(`Invalid escape character at pos ${i + 1}`);
    }
  }
}
