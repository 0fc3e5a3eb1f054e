/** The walkthrough's view of aws-local's control API (`/_aws-local/...`). */
export interface LocalControl {
  call<T = any>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

export function localControl(endpoint: string): LocalControl {
  return {
    async call(method, path, body) {
      const response = await fetch(`${endpoint}/_aws-local/${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`aws-local ${method} ${path} answered HTTP ${response.status}: ${text.slice(0, 300)}`);
      return text ? JSON.parse(text) : undefined;
    },
  };
}
