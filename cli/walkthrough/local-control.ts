/** The walkthrough's view of aws-local's control API (`/_aws-local/...`). */
export interface LocalControl {
  call<T = unknown>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

export function localControl(endpoint: string): LocalControl {
  return {
    async call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${endpoint}/_aws-local/${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok)
        throw new Error(`aws-local ${method} ${path} answered HTTP ${response.status}: ${text.slice(0, 300)}`);
      const value: unknown = text ? JSON.parse(text) : undefined;
      return value as T;
    },
  };
}
