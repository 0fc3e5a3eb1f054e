#!/bin/bash
# The original App Mesh sample's startup approach, as a baseline for
# `npm run bench:agent`: AWS CLI get-secret-value, jq per field, openssl to
# decrypt the key, files written in place. (Without the sample's `set -x`,
# which printed the secret, and its `openssl rsa -check`, which printed the key.)
# Env: AWS_CLI, AWS_ENDPOINT_URL, SECRET_ID, OUT_DIR.
set -euo pipefail
secret=$("$AWS_CLI" --endpoint-url "$AWS_ENDPOINT_URL" secretsmanager get-secret-value --secret-id "$SECRET_ID" --query SecretString --output text)
mkdir -p "$OUT_DIR"
umask 077
echo "$secret" | jq -r '.certificate' > "$OUT_DIR/cert-chain.pem"
echo "$secret" | jq -r '.certificateChain' >> "$OUT_DIR/cert-chain.pem"
echo "$secret" | jq -r '.privateKey' > "$OUT_DIR/key.enc.pem"
echo "$secret" | jq -r '.passphrase' | tr -d '\n' > "$OUT_DIR/passphrase"
openssl pkey -in "$OUT_DIR/key.enc.pem" -passin "file:$OUT_DIR/passphrase" -out "$OUT_DIR/key.pem"
rm -f "$OUT_DIR/key.enc.pem" "$OUT_DIR/passphrase"
