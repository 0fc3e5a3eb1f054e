import { defineService } from '../protocol/service.js';
import { initialAcmState, type AcmState } from './state.js';

/** AWS Certificate Manager (private certificates issued by the emulated Private CA). */
export const acmService = defineService<AcmState>({
  id: 'acm',
  targetPrefix: 'CertificateManager',
  initialState: initialAcmState,
  operations: {},
});
