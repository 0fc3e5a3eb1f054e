// `npx cdk deploy` from this directory (after `npm run build` at the repository root).
import { buildColorMeshApp } from './app.ts';

buildColorMeshApp().app.synth();
