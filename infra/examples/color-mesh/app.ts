import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { App, type AppProps } from 'aws-cdk-lib';
import { ContainerImage } from 'aws-cdk-lib/aws-ecs';
import { InvalidPropsError } from '../../constructs/props-error.ts';
import { REPO_ROOT } from '../../repo-root.ts';
import { ColorMeshStack } from './color-mesh-stack.ts';

/** The Color App image's Dockerfile (build context: the repository root, after `npm run build`). */
export const COLOR_APP_DOCKERFILE = 'docker/color-app/Dockerfile';
export const CONTEXT_KEYS = {
  appImage: 'color-mesh:appImage',
  sidecarImage: 'color-mesh:sidecarImage',
  caArn: 'color-mesh:caArn',
} as const;

function appImage(app: App): ContainerImage {
  const uri = app.node.tryGetContext(CONTEXT_KEYS.appImage) as string | undefined;
  if (uri) return ContainerImage.fromRegistry(uri);
  if (existsSync(join(REPO_ROOT, COLOR_APP_DOCKERFILE))) {
    return ContainerImage.fromAsset(REPO_ROOT, { file: COLOR_APP_DOCKERFILE });
  }
  throw new InvalidPropsError(
    'ColorMeshStack',
    'appImage',
    `is required: set context ${CONTEXT_KEYS.appImage}=<image URI>, or add ${COLOR_APP_DOCKERFILE}`,
  );
}

/** The example app; images and the CA from context (`-c color-mesh:appImage=…`). */
export function buildColorMeshApp(props: AppProps = {}): { app: App; stack: ColorMeshStack } {
  const app = new App(props);
  const sidecar = app.node.tryGetContext(CONTEXT_KEYS.sidecarImage) as string | undefined;
  const stack = new ColorMeshStack(app, 'PcaMtlsColorMesh', {
    appImage: appImage(app),
    sidecarImage: sidecar ? ContainerImage.fromRegistry(sidecar) : undefined,
    caArn: app.node.tryGetContext(CONTEXT_KEYS.caArn) as string | undefined,
  });
  return { app, stack };
}
