import { defineService } from '../protocol/service.js';
import { initialAcmPcaState, type AcmPcaState } from './state.js';

/** AWS Private CA. */
export const acmPcaService = defineService<AcmPcaState>({
  id: 'acm-pca',
  targetPrefix: 'ACMPrivateCA',
  initialState: initialAcmPcaState,
  operations: {},
});
