/** Reading a certificate's private key (PEM) named in the configuration, with a message that says which. */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../domain/errors';

export function readPrivateKey(file: string, key: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${key}: cannot read ${file}: ${(err as Error).message}`);
  }
  if (!/-----BEGIN (RSA |EC |ENCRYPTED )?PRIVATE KEY-----/.test(pem))
    throw new ConfigError(`${key}: ${file} holds no PEM private key (-----BEGIN PRIVATE KEY-----).`);
  return pem;
}
