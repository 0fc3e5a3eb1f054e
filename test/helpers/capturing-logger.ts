import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../lib/logger.ts';

/**
 * The project's real logger (redaction included) writing its JSON lines into
 * `lines`, at trace by default so every line the code could write is seen:
 * what leak tests search.
 */
export function capturingLogger(level = 'trace', name = 'test'): { lines: string[]; logger: Logger } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger({ name, level, destination }) };
}
