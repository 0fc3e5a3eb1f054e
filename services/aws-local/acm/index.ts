import { defineService } from '../protocol/service.js';
import { acmAuthorization } from './authorization.js';
import AddTagsToCertificate from './operations/AddTagsToCertificate.js';
import DeleteCertificate from './operations/DeleteCertificate.js';
import DescribeCertificate from './operations/DescribeCertificate.js';
import ExportCertificate from './operations/ExportCertificate.js';
import GetAccountConfiguration from './operations/GetAccountConfiguration.js';
import GetCertificate from './operations/GetCertificate.js';
import ListCertificates from './operations/ListCertificates.js';
import ListTagsForCertificate from './operations/ListTagsForCertificate.js';
import PutAccountConfiguration from './operations/PutAccountConfiguration.js';
import RemoveTagsFromCertificate from './operations/RemoveTagsFromCertificate.js';
import RenewCertificate from './operations/RenewCertificate.js';
import RequestCertificate from './operations/RequestCertificate.js';
import { initialAcmState, type AcmState } from './state.js';

/** AWS Certificate Manager (private certificates issued by the emulated Private CA). */
export const acmService = defineService<AcmState>({
  id: 'acm',
  targetPrefix: 'CertificateManager',
  initialState: initialAcmState,
  authorization: acmAuthorization,
  operations: {
    AddTagsToCertificate,
    DeleteCertificate,
    DescribeCertificate,
    ExportCertificate,
    GetAccountConfiguration,
    GetCertificate,
    ListCertificates,
    ListTagsForCertificate,
    PutAccountConfiguration,
    RemoveTagsFromCertificate,
    RenewCertificate,
    RequestCertificate,
  },
});
