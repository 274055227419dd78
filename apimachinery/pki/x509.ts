// @peculiar/x509 on Node's WebCrypto. Imported lazily (`await import('./x509.js')`) by the PKI
// functions, so a process pays for loading the library only when it makes or reads a certificate
// or CSR. reflect-metadata must be loaded before @peculiar/x509 (its DI container reads it).
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export { x509 };
