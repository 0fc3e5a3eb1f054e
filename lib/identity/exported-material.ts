/** Material fresh from ACM or Private CA, before it is verified and stored. */
export interface ExportedMaterial {
  certificatePem: string;
  /** The issuing chain without the leaf. */
  chainPem: string;
  /** Encrypted PKCS#8 PEM. */
  encryptedKeyPem: string;
  passphrase: string;
  certificateArn?: string;
  caArn?: string;
}
