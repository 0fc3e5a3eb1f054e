/**
 * What a service that also speaks the AWS Query protocol (form-encoded
 * `Action=…&Version=…` requests, XML responses) declares beyond its JSON
 * definition: the API version, the XML namespace, and the wire names its
 * model gives members. Every list and map is taken as flattened
 * (`Attribute.1.Name`, not `Attribute.entry.1.key`), as in SQS's model.
 */
export interface QueryProtocolDefinition {
  /** The `Version` parameter clients send, e.g. `2012-11-05`. */
  readonly version: string;
  /** Namespace of every response document, e.g. `http://queue.amazonaws.com/doc/2012-11-05/`. */
  readonly xmlNamespace: string;
  /**
   * The wire name of a member: its `locationName`, or for a flattened list
   * its element's name (`AttributeNames` → `AttributeName`). Unnamed members
   * keep their own name.
   */
  wireName(operation: string, member: string): string;
  /** For a map member: the names of its entries' key and value elements; undefined for any other member. */
  mapEntry(member: string): { key: string; value: string } | undefined;
  /** Whether the operation answers a `<Operation>Result` element (operations without output answer none). */
  hasResult(operation: string): boolean;
}
