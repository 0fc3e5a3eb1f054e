/**
 * Query protocol responses: an operation's JSON result (as the JSON path
 * answers it) → the XML document AWS answers, and errors → `ErrorResponse`.
 * Elements are built with the AWS SDK's own XML builder (@aws-sdk/xml-builder),
 * which escapes text as AWS does (`\r` as `&#x0D;`, so a message body's line
 * ends survive an XML parser's normalization).
 */
import { XmlNode, XmlText } from '@aws-sdk/xml-builder';
import type { QueryProtocolDefinition } from './definition.ts';

const XML_DECLARATION = '<?xml version="1.0"?>';
// Characters XML 1.0 cannot carry at all, not even escaped; AWS's own messages never hold them.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export interface QueryErrorView {
  code: string;
  message: string;
  fault: 'Sender' | 'Receiver';
}

/** `<OpResponse><OpResult>…</OpResult><ResponseMetadata><RequestId>…` (no OpResult for operations without output). */
export function encodeQueryResult(
  operation: string,
  result: Record<string, unknown>,
  requestId: string,
  names: QueryProtocolDefinition,
): string {
  const response = new XmlNode(`${operation}Response`).addAttribute('xmlns', names.xmlNamespace);
  if (names.hasResult(operation)) {
    const wrapper = new XmlNode(`${operation}Result`);
    new Encoder(operation, names).members(wrapper, result);
    response.addChildNode(wrapper);
  }
  response.addChildNode(new XmlNode('ResponseMetadata').addChildNode(text('RequestId', requestId)));
  return XML_DECLARATION + response.toString();
}

/** `<ErrorResponse><Error><Type>Sender</Type><Code>…</Code><Message>…</Message><Detail/></Error><RequestId>…` */
export function encodeQueryError(
  error: QueryErrorView,
  requestId: string,
  names: { xmlNamespace: string } | undefined,
): string {
  const detail = new XmlNode('Error')
    .addChildNode(text('Type', error.fault))
    .addChildNode(text('Code', error.code))
    .addChildNode(text('Message', error.message))
    .addChildNode(new XmlNode('Detail'));
  const response = new XmlNode('ErrorResponse')
    .a('xmlns', names?.xmlNamespace) // no namespace only when no service speaks Query at all
    .addChildNode(detail)
    .addChildNode(text('RequestId', requestId));
  return XML_DECLARATION + response.toString();
}

class Encoder {
  constructor(
    private readonly operation: string,
    private readonly names: QueryProtocolDefinition,
  ) {}

  /** Each member of a structure as AWS's Query model names it; lists and maps flattened. */
  members(parent: XmlNode, structure: Record<string, unknown>): void {
    for (const [member, value] of Object.entries(structure)) {
      if (value === undefined || value === null) continue;
      const wire = this.names.wireName(this.operation, member);
      const entry = this.names.mapEntry(member);
      if (Array.isArray(value)) {
        for (const item of value) parent.addChildNode(this.element(wire, item));
      } else if (entry && typeof value === 'object') {
        for (const [key, item] of Object.entries(value)) {
          parent.addChildNode(
            new XmlNode(wire).addChildNode(text(entry.key, key)).addChildNode(this.element(entry.value, item)),
          );
        }
      } else {
        parent.addChildNode(this.element(wire, value));
      }
    }
  }

  private element(name: string, value: unknown): XmlNode {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const node = new XmlNode(name);
      this.members(node, value as Record<string, unknown>);
      return node;
    }
    return text(name, scalarText(value));
  }
}

function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

function text(name: string, value: string): XmlNode {
  return new XmlNode(name).addChildNode(new XmlText(value.replace(NOT_XML_CHAR, '\uFFFD')));
}
