/**
 * AWS Query requests name nested members with dotted keys
 * (`SendMessageBatchRequestEntry.2.MessageAttribute.1.Value.DataType`); this
 * turns a form's keys into a tree once, so decoding visits each key a bounded
 * number of times whatever the form holds.
 */

export interface FormNode {
  /** The value sent for exactly this key (`Attribute.1.Name=VisibilityTimeout`), if any. */
  value?: string;
  /** Maps, not objects: keys are the caller's (`__proto__` is just a name here). */
  readonly children: Map<string, FormNode>;
}

/** A tree of the form's parameters; of a key sent twice, the first value counts. */
export function formTree(params: URLSearchParams): FormNode {
  const root: FormNode = { children: new Map() };
  for (const [key, value] of params) {
    let node = root;
    for (const segment of key.split('.')) {
      let child = node.children.get(segment);
      if (!child) {
        child = { children: new Map() };
        node.children.set(segment, child);
      }
      node = child;
    }
    node.value ??= value;
  }
  return root;
}

/**
 * The numbered children of a flattened list or map (`TagKey.1`, `TagKey.2`),
 * in their number's order. Numbers are 1-based in canonical form; other
 * children are not entries and are ignored, as gaps are.
 */
export function numberedEntries(node: FormNode | undefined): FormNode[] {
  if (!node) return [];
  return [...node.children]
    .filter(([index]) => /^[1-9]\d{0,8}$/.test(index))
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, child]) => child);
}
