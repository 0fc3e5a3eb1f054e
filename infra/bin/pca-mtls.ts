// The CDK app's entry (cdk.json runs it with tsx; the CDK CLI passes the output directory).
import { buildApp } from '../app.ts';

buildApp().app.synth();
