/**
 * @peculiar/x509 v2 resolves its services through tsyringe, which refuses to
 * load unless a `Reflect.getMetadata` polyfill (reflect-metadata or
 * @abraham/reflection) is present; neither is a dependency of this project.
 * This is the small part of that API tsyringe uses, installed only when no
 * polyfill is already there. Import it before `@peculiar/x509` (see x509-library.ts).
 *
 * aws-local keeps its own copy on purpose: the emulator shares no code with
 * `lib/` (DESIGN.md, "Layout").
 */
type MetadataMap = Map<unknown, unknown>;

const store = new WeakMap<object, Map<PropertyKey | undefined, MetadataMap>>();

function metadataFor(target: object, property: PropertyKey | undefined, create: boolean): MetadataMap | undefined {
  let byProperty = store.get(target);
  if (!byProperty) {
    if (!create) return undefined;
    byProperty = new Map();
    store.set(target, byProperty);
  }
  let map = byProperty.get(property);
  if (!map && create) {
    map = new Map();
    byProperty.set(property, map);
  }
  return map;
}

function getOwnMetadata(key: unknown, target: object, property?: PropertyKey): unknown {
  return metadataFor(target, property, false)?.get(key);
}

function getMetadata(key: unknown, target: object, property?: PropertyKey): unknown {
  // Metadata is inherited along the prototype chain, as reflect-metadata does.
  for (let current: object | null = target; current; current = Object.getPrototypeOf(current)) {
    const map = metadataFor(current, property, false);
    if (map?.has(key)) return map.get(key);
  }
  return undefined;
}

function defineMetadata(key: unknown, value: unknown, target: object, property?: PropertyKey): void {
  metadataFor(target, property, true)!.set(key, value);
}

const reflect = Reflect as unknown as Record<string, unknown>;
if (typeof reflect.getMetadata !== 'function') {
  Object.assign(reflect, {
    getMetadata,
    getOwnMetadata,
    defineMetadata,
    hasMetadata: (key: unknown, target: object, property?: PropertyKey) => getMetadata(key, target, property) !== undefined,
    hasOwnMetadata: (key: unknown, target: object, property?: PropertyKey) =>
      metadataFor(target, property, false)?.has(key) ?? false,
    metadata: (key: unknown, value: unknown) => (target: object, property?: PropertyKey) =>
      defineMetadata(key, value, target, property),
  });
}

export {};
