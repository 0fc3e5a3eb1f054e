// A TLS server that reads an agent's out-dir the way Envoy does: certificate,
// key and trust bundle through `<dir>/current`, a client certificate required
// and verified, the client's DNS SAN checked against an allow list (Node does
// not check client SANs itself), and the SecureContext reloaded when
// `current` is swapped (what Envoy's SDS watch does). Plain Node, no imports
// from the project, so it runs anywhere `node` does.
//
// node server.mjs --dir OUT_DIR --allow-peer-san DNS [--allow-peer-san DNS...] [--port 0]
// Prints one JSON line per event on stdout: listening, accepted, rejected, reloaded.
import { watch } from 'node:fs';
import { readFileSync, readlinkSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { createServer } from 'node:tls';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    'allow-peer-san': { type: 'string', multiple: true },
    port: { type: 'string', default: '0' },
  },
});
const dir = values.dir;
const allowed = new Set((values['allow-peer-san'] ?? []).map((s) => s.toLowerCase()));
const emit = (event) => process.stdout.write(`${JSON.stringify(event)}\n`);

function load() {
  // Read through the link once, so certificate and key come from one version even if it moves meanwhile.
  const version = readlinkSync(join(dir, 'current'));
  const base = join(dir, version);
  const cert = readFileSync(join(base, 'cert-chain.pem'));
  const context = {
    version,
    serial: new X509Certificate(cert).serialNumber.toLowerCase(),
    options: { cert, key: readFileSync(join(base, 'key.pem')), ca: readFileSync(join(base, 'trust-bundle.pem')) },
  };
  return context;
}

let current = load();
const server = createServer(
  { ...current.options, requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.2' },
  (socket) => {
    const peer = socket.getPeerCertificate();
    const sans = String(peer.subjectaltname ?? '')
      .split(/,\s*/)
      .filter((s) => s.startsWith('DNS:'))
      .map((s) => s.slice(4).toLowerCase());
    const peerSerial = String(peer.serialNumber ?? '').toLowerCase();
    if (!sans.some((san) => allowed.has(san))) {
      emit({ event: 'rejected', reason: 'peer SAN not allowed', peerSans: sans, peerSerial });
      socket.destroy();
      return;
    }
    const answer = {
      serverSerial: current.serial,
      clientSerial: peerSerial,
      clientSans: sans,
      authorized: socket.authorized,
    };
    emit({ event: 'accepted', ...answer });
    socket.end(`${JSON.stringify(answer)}\n`);
  },
);
server.on('tlsClientError', (err) => emit({ event: 'rejected', reason: err.code ?? err.message }));

function reloadIfSwapped() {
  let target;
  try {
    target = readlinkSync(join(dir, 'current'));
  } catch {
    return;
  }
  if (target === current.version) return;
  try {
    const next = load();
    server.setSecureContext({ ...next.options });
    current = next;
    emit({ event: 'reloaded', serial: current.serial, version: current.version });
  } catch (err) {
    emit({ event: 'reload-failed', reason: err.code ?? err.message });
  }
}
// Envoy reacts to the move into the watched directory; polling as well covers missed inotify events.
watch(dir, () => reloadIfSwapped());
setInterval(reloadIfSwapped, 50).unref();

server.listen(Number(values.port), '127.0.0.1', () =>
  emit({ event: 'listening', port: server.address().port, serial: current.serial }),
);
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
