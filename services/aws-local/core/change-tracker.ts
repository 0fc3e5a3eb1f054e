/**
 * Finds what an operation changed without making services say so. Each
 * service state is handed out behind proxies: a top-level member that is a
 * plain object is a *collection* (secrets by name, queues by name, …) whose
 * entries are persisted one row each; any other member (an array, a number)
 * is persisted whole. A write anywhere below an entry marks that entry
 * dirty; a write below another member marks the member dirty. Reads mark
 * nothing, so a write costs the size of what it changed, whatever the
 * number of resources. Values written in are unwrapped (no proxy ever ends
 * up inside the raw state), so the raw state serializes directly.
 */

export interface DirtySet {
  /** `REGION\0SERVICE\0MEMBER` → keys of changed entries. */
  entries: Map<string, Set<string>>;
  /** `REGION\0SERVICE\0MEMBER` rewritten whole. */
  members: Set<string>;
}

export const memberId = (region: string, service: string, member: string) => `${region}\0${service}\0${member}`;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function isTrackable(value: unknown): value is object {
  return Array.isArray(value) || isPlainObject(value);
}

/** How a proxy's writes are marked and its children are wrapped: one per proxy, none per read. */
interface Owner {
  /** The proxy-cache id of the child at `prop` (one string per owner below an entry: no allocation per read). */
  childId(prop: string): string;
  child(prop: string, value: object, id: string): object;
  mark(prop: string | symbol): void;
}

export class ChangeTracker {
  private dirty: DirtySet = { entries: new Map(), members: new Set() };
  /** target → owner id → proxy, so the same object always comes back as the same proxy (identity holds). */
  private readonly proxies = new WeakMap<object, Map<string, object>>();
  private readonly targets = new WeakMap<object, object>();

  /** The service state as services see it; `raw` stays the persisted truth. */
  track(region: string, service: string, raw: Record<string, unknown>): Record<string, unknown> {
    return this.proxyFor(raw, `${region}\0${service}`, {
      childId: (member) => memberId(region, service, member),
      child: (_member, value, id) =>
        isPlainObject(value) ? this.collection(value, id) : this.deep(value, id, () => this.dirty.members.add(id)),
      mark: (member) => this.dirty.members.add(memberId(region, service, String(member))),
    });
  }

  /** Marks every member of a new service state for writing. */
  markAll(region: string, service: string, raw: Record<string, unknown>): void {
    for (const member of Object.keys(raw)) this.dirty.members.add(memberId(region, service, member));
  }

  /** The changes since the last drain; the tracker starts afresh. */
  drain(): DirtySet {
    const dirty = this.dirty;
    this.dirty = { entries: new Map(), members: new Set() };
    return dirty;
  }

  /** Puts back changes a failed save did not write, so the next save writes them. */
  requeue(dirty: DirtySet): void {
    for (const member of dirty.members) this.dirty.members.add(member);
    for (const [member, keys] of dirty.entries) for (const key of keys) this.markEntry(member, key);
  }

  private collection(raw: Record<string, unknown>, member: string): object {
    return this.proxyFor(raw, member, {
      childId: (key) => `${member}\0${key}`,
      child: (key, value, id) => this.deep(value, id, () => this.markEntry(member, key)),
      mark: (key) => this.markEntry(member, String(key)),
    });
  }

  /** Everything below a member that is not a collection, or below a collection's entry: one id, one mark. */
  private deep(value: object, id: string, mark: () => void): object {
    const owner: Owner = { childId: () => id, child: (_prop, child) => this.deep(child, id, mark), mark };
    return this.proxyFor(value, id, owner);
  }

  private markEntry(member: string, key: string): void {
    let keys = this.dirty.entries.get(member);
    if (!keys) this.dirty.entries.set(member, (keys = new Set()));
    keys.add(key);
  }

  private cached(target: object, id: string): object | undefined {
    return this.proxies.get(target)?.get(id);
  }

  private proxyFor<T extends object>(target: T, id: string, owner: Owner): T {
    const cached = this.cached(target, id);
    if (cached) return cached as T;
    const proxy = new Proxy(target, {
      get: (t, prop, receiver) => {
        const value: unknown = Reflect.get(t, prop, receiver);
        if (typeof prop !== 'string' || !isTrackable(value) || !Object.hasOwn(t, prop)) return value;
        // The cached proxy first: a read builds nothing once its value has been wrapped.
        const childId = owner.childId(prop);
        return this.cached(value, childId) ?? owner.child(prop, value, childId);
      },
      set: (t, prop, value) => {
        owner.mark(prop);
        return Reflect.set(t, prop, this.unwrap(value));
      },
      defineProperty: (t, prop, descriptor) => {
        owner.mark(prop);
        const unwrapped = 'value' in descriptor ? { ...descriptor, value: this.unwrap(descriptor.value) } : descriptor;
        return Reflect.defineProperty(t, prop, unwrapped);
      },
      deleteProperty: (t, prop) => {
        owner.mark(prop);
        return Reflect.deleteProperty(t, prop);
      },
    });
    let byId = this.proxies.get(target);
    if (!byId) this.proxies.set(target, (byId = new Map()));
    byId.set(id, proxy);
    this.targets.set(proxy, target);
    return proxy;
  }

  /** The raw value of anything written into the state: proxies inside new objects are replaced by their targets. */
  private unwrap(value: unknown): unknown {
    if (value === null || typeof value !== 'object') return value;
    const target = this.targets.get(value);
    if (target) return target;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = this.unwrap(value[i]);
    } else if (isPlainObject(value)) {
      for (const key of Object.keys(value)) value[key] = this.unwrap(value[key]);
    }
    return value;
  }
}
