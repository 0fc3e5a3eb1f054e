import { InvalidArgumentError } from 'commander';

/** commander argument parsers that name the flag's valid range in their error. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InvalidArgumentError('must be a port number from 0 to 65535 (0 picks a free port)');
  }
  return port;
}

/** For repeatable flags: `--quota a --quota b` → ['a', 'b']. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Wraps a parser that throws RangeError so commander reports it as a bad argument. */
export function asArgumentParser<T>(parse: (value: string) => T): (value: string, previous?: T[]) => T[] {
  return (value, previous = []) => {
    try {
      return [...previous, parse(value)];
    } catch (err) {
      throw new InvalidArgumentError((err as Error).message);
    }
  };
}
