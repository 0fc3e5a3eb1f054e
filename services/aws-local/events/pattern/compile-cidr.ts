import { BlockList, isIP } from 'node:net';
import type { Matcher } from './matchers.ts';
import { EventPatternError } from './pattern-error.ts';

/** `{"cidr": "10.0.0.0/24"}`: an IPv4 or IPv6 subnet, refused with EventBridge's reasons when malformed. */
export function compileCidr(text: string): Matcher {
  const parts = text.split('/');
  if (parts.length !== 2) throw new EventPatternError("Malformed CIDR, one '/' required");
  const [address, bitsText] = parts as [string, string];
  if (!/^-?\d+$/.test(bitsText)) throw new EventPatternError('Malformed CIDR, mask bits must be an integer');
  const bits = Number(bitsText);
  if (bits < 0) throw new EventPatternError('Malformed CIDR, mask bits must not be negative');
  const version = isIP(address);
  if (version === 0) throw new EventPatternError(`Nonstandard IP address: ${address}`);
  const family = version === 4 ? 'ipv4' : 'ipv6';
  if (family === 'ipv4' && bits > 31) throw new EventPatternError('IPv4 mask bits must be < 32');
  if (family === 'ipv6' && bits > 127) throw new EventPatternError('IPv6 mask bits must be < 128');
  const range = new BlockList();
  range.addSubnet(address, bits, family);
  return { kind: 'cidr', range, family };
}
