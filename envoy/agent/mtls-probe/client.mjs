// A TLS client that presents an agent's files: the certificate chain and key
// from `<dir>/current` (unless --no-cert), the trust bundle as its CAs, and
// the server's expected DNS SAN as SNI and identity check (Node checks the
// server's SAN itself). Makes --count connections one after another.
// Plain Node, no imports from the project.
//
// node client.mjs --dir OUT_DIR --port PORT --server-san DNS [--count 1] [--no-cert] [--until-file PATH]
// Prints one JSON line per connection: {"ok":true,"serverSerial",…} or {"ok":false,"error"}.
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    'server-san': { type: 'string' },
    count: { type: 'string', default: '1' },
    'no-cert': { type: 'boolean', default: false },
    'until-file': { type: 'string' },
  },
});

function files() {
  const base = join(values.dir, readlinkSync(join(values.dir, 'current')));
  return {
    ca: readFileSync(join(base, 'trust-bundle.pem')),
    ...(values['no-cert']
      ? {}
      : { cert: readFileSync(join(base, 'cert-chain.pem')), key: readFileSync(join(base, 'key.pem')) }),
  };
}

function once() {
  return new Promise((resolve) => {
    let answer = '';
    let settled = false;
    const done = (result) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const socket = connect(
      {
        host: values.host,
        port: Number(values.port),
        servername: values['server-san'],
        ...files(),
        minVersion: 'TLSv1.2',
      },
      () => {
        // The handshake is done from the client's side; the server's verdict on our certificate is its answer (or an alert).
        socket.on('data', (d) => (answer += d));
        socket.on('end', () => {
          try {
            const parsed = JSON.parse(answer);
            const peer = socket.getPeerCertificate();
            done({ ok: true, ...parsed, serverSubject: peer.subject?.CN, serverVerified: socket.authorized });
          } catch {
            done({ ok: false, error: 'connection closed without an answer (server refused the client)' });
          }
        });
      },
    );
    socket.on('error', (err) => done({ ok: false, error: err.code ?? err.message }));
    socket.setTimeout(10_000, () => {
      socket.destroy();
      done({ ok: false, error: 'timeout' });
    });
  });
}

const count = Number(values.count);
for (let i = 0; i < count || (values['until-file'] && !existsSync(values['until-file'])); i++) {
  process.stdout.write(`${JSON.stringify(await once())}\n`);
}
