import { PkiError } from './errors.ts';

/** One PEM block, re-encoded: LF line ends, base64 wrapped at 64, trailing newline. */
export interface PemBlock {
  label: string;
  /** RFC 1421 headers (`Proc-Type`, `DEK-Info` of legacy encrypted keys), in order. */
  headers: string[];
  der: Buffer;
  pem: string;
  /** 1-based line of the BEGIN line in the input, for messages. */
  line: number;
}

const BEGIN = /^-----BEGIN ([A-Z0-9 ]+)-----$/;
const END = /^-----END ([A-Z0-9 ]+)-----$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const HEADER = /^[A-Za-z0-9-]+:/;
const LINE_WIDTH = 64;

/**
 * Every PEM block in `text`, of any label, in order. Text outside blocks
 * (comments, blank lines, `openssl x509 -text` output) is ignored; a block
 * that is broken anywhere is an error, so a truncated bundle is never read
 * as a shorter valid one. Errors name blocks by label and line number only:
 * this also reads private keys, whose lines must never reach a message.
 *
 * @throws PkiError PEM_MALFORMED
 */
export function readPemBlocks(text: string): PemBlock[] {
  if (typeof text !== 'string') {
    throw new PkiError('PEM_MALFORMED', `expected PEM text, got ${text === null ? 'null' : typeof text}`);
  }
  const lines = text.split(/\r\n|\r|\n/);
  const blocks: PemBlock[] = [];
  let open: { label: string; line: number; headers: string[]; body: string[]; inHeaders: boolean } | undefined;

  lines.forEach((raw, index) => {
    const line = raw.trim();
    const lineNo = index + 1;
    const begin = BEGIN.exec(line);
    const end = END.exec(line);
    if (!open) {
      if (begin?.[1] !== undefined) open = { label: begin[1], line: lineNo, headers: [], body: [], inHeaders: true };
      else if (end) throw new PkiError('PEM_MALFORMED', `PEM END ${end[1]} at line ${lineNo} has no matching BEGIN`);
      return;
    }
    if (begin) {
      throw new PkiError(
        'PEM_MALFORMED',
        `PEM block ${open.label} at line ${open.line} has no END line before the next BEGIN at line ${lineNo}; the bundle is truncated or spliced`,
      );
    }
    if (end) {
      if (end[1] !== open.label) {
        throw new PkiError(
          'PEM_MALFORMED',
          `PEM block ${open.label} at line ${open.line} ends with END ${end[1]} at line ${lineNo}`,
        );
      }
      blocks.push(finishBlock(open.label, open.line, open.headers, open.body));
      open = undefined;
      return;
    }
    if (open.inHeaders && open.body.length === 0 && HEADER.test(line)) {
      open.headers.push(line);
      return;
    }
    if (line === '') {
      // The blank line after RFC 1421 headers; stray blank lines in a body are tolerated too.
      if (open.headers.length > 0) open.inHeaders = false;
      return;
    }
    open.inHeaders = false;
    open.body.push(line.replace(/\s+/g, ''));
  });

  if (open) {
    throw new PkiError(
      'PEM_MALFORMED',
      `PEM block ${open.label} at line ${open.line} has BEGIN but no END; the text is truncated`,
    );
  }
  return blocks;
}

function finishBlock(label: string, line: number, headers: string[], body: string[]): PemBlock {
  const base64 = body.join('');
  if (base64 === '' || base64.length % 4 !== 0 || !BASE64.test(base64)) {
    throw new PkiError('PEM_MALFORMED', `PEM block ${label} at line ${line} is not valid base64`);
  }
  const der = Buffer.from(base64, 'base64');
  const wrapped = der.toString('base64').match(new RegExp(`.{1,${LINE_WIDTH}}`, 'g'))!;
  const headerText = headers.length > 0 ? `${headers.join('\n')}\n\n` : '';
  const pem = `-----BEGIN ${label}-----\n${headerText}${wrapped.join('\n')}\n-----END ${label}-----\n`;
  return { label, headers, der, pem, line };
}

/**
 * The normalized PEM blocks labelled `label` in `text`, or `[]` when there
 * are none. For inputs that may legitimately be empty (an issuing chain when a
 * trust bundle is given).
 *
 * @throws PkiError PEM_MALFORMED for a broken block
 */
export function findPemBlocks(text: string, label = 'CERTIFICATE'): string[] {
  return readPemBlocks(text)
    .filter((block) => block.label === label)
    .map((block) => block.pem);
}

/**
 * All PEM blocks labelled `label` (default CERTIFICATE), normalized (LF,
 * base64 wrapped at 64, trailing newline). Tolerates CRLF, indentation and
 * comments or other blocks between them.
 *
 * @example
 * splitPemBundle(secret.certificateChain) // ['-----BEGIN CERTIFICATE-----\n…', …]
 * @throws PkiError PEM_MALFORMED for a broken block, or when none is found
 */
export function splitPemBundle(text: string, label = 'CERTIFICATE'): string[] {
  const found = findPemBlocks(text, label);
  if (found.length === 0) {
    throw new PkiError('PEM_MALFORMED', `no -----BEGIN ${label}----- block found`);
  }
  return found;
}
