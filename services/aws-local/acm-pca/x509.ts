/**
 * The one entry point to @peculiar/x509 inside aws-local: loads the
 * reflect-metadata polyfill its tsyringe container needs, and installs Node's
 * WebCrypto as its crypto provider.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as never);

export { x509, webcrypto };
