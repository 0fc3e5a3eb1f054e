/**
 * The one entry point to @peculiar/x509 inside `lib/pki`: installs the
 * reflection shim it needs and Node's WebCrypto as its crypto provider, once.
 * Import `x509` from here, never from '@peculiar/x509' directly.
 */
import './reflect-metadata-shim.js';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as never);

export { x509 };
