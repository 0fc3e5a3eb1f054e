/**
 * An object whose members are built on first access and then reused: a
 * Lambda or the agent pays only for the clients it touches, once per process.
 */
export function lazyClients<T extends object>(factories: { [K in keyof T]: () => T[K] }): T {
  const built = new Map<keyof T, T[keyof T]>();
  const clients = {} as T;
  for (const key of Object.keys(factories) as (keyof T)[]) {
    Object.defineProperty(clients, key, {
      enumerable: true,
      get: () => {
        if (!built.has(key)) built.set(key, factories[key]());
        return built.get(key);
      },
    });
  }
  return clients;
}
