/** One HTTPS request on a fresh connection, with or without a client certificate, reporting what the server presented. */
import { request } from 'node:https';
import type { TLSSocket } from 'node:tls';

export interface MtlsRequestOptions {
  /** The trust anchors for the server's certificate. */
  ca: string;
  /** The name the server's certificate must carry (also sent as SNI). */
  servername: string;
  /** Client certificate chain and key; leave out to connect without one. */
  cert?: string;
  key?: string;
  headers?: Record<string, string>;
}

export interface MtlsResponse {
  status: number;
  body: any;
  /** Lowercase hex serial of the certificate the server presented on this connection. */
  serverSerial: string;
}

export function mtlsGet(url: string, options: MtlsRequestOptions): Promise<MtlsResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        agent: false,
        ca: options.ca,
        servername: options.servername,
        cert: options.cert,
        key: options.key,
        headers: options.headers,
      },
      (res) => {
        const serverSerial = ((res.socket as TLSSocket).getPeerX509Certificate()?.serialNumber ?? '')
          .toLowerCase()
          .replace(/^(00)+/, '');
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          let body: any = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode!, body, serverSerial });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}
