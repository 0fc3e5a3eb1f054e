import { App, type AppProps } from 'aws-cdk-lib';
import { stackPropsFromContext } from './app-config.ts';
import { PcaMtlsStack } from './pca-mtls-stack.ts';

/** The CDK app: the PcaMtls stack, environment-agnostic, its settings from context. */
export function buildApp(props: AppProps = {}): { app: App; stack: PcaMtlsStack } {
  const app = new App(props);
  const stack = new PcaMtlsStack(
    app,
    'PcaMtls',
    stackPropsFromContext((key) => app.node.tryGetContext(key)),
  );
  return { app, stack };
}
