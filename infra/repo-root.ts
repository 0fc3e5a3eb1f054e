import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the Docker build context and where `npm run build` writes `dist/`. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
