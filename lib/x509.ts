/**
 * The one entry point to @peculiar/x509 in lib/: its dependency injection
 * (tsyringe) needs the Reflect metadata polyfill loaded first, and it needs
 * Node's WebCrypto as its provider.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

x509.cryptoProvider.set(webcrypto as never);

export { x509, webcrypto };
