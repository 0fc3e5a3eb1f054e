/** Where the control API lives: `/_aws-local/…`, beside the AWS wire protocol on `POST /`. */
export const CONTROL_PREFIX = '/_aws-local';
