/** What the SDK v3 clients have in common here: `send(command, options)`. */
interface SdkClient {
  send(command: unknown, options?: object): Promise<unknown>;
}

function isSdkClient(value: unknown): value is SdkClient {
  return typeof value === 'object' && value !== null && typeof (value as { send?: unknown }).send === 'function';
}

/**
 * The same clients, every `send` tied to `signal`: once it aborts, the call in
 * flight is cancelled (its connection closed) and every later call fails at
 * once with the SDK's `AbortError`. Work abandoned at a deadline then stops
 * instead of carrying on, and writing, after its caller has given up on it.
 * Members that are not clients pass through unchanged; lazy clients are still
 * built on first use.
 */
export function abortableClients<T extends object>(clients: T, signal: AbortSignal): T {
  const wrapped = new Map<SdkClient, SdkClient>();
  return new Proxy(clients, {
    get(target, key) {
      const member: unknown = Reflect.get(target, key);
      if (!isSdkClient(member)) return member;
      let client = wrapped.get(member);
      if (!client) wrapped.set(member, (client = abortableClient(member, signal)));
      return client;
    },
  });
}

function abortableClient(client: SdkClient, signal: AbortSignal): SdkClient {
  return new Proxy(client, {
    get(target, key) {
      if (key !== 'send') return Reflect.get(target, key) as unknown;
      return (command: unknown, options?: object) => target.send(command, { ...options, abortSignal: signal });
    },
  });
}
