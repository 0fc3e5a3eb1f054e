import { defineService } from '../protocol/service.ts';
import { acmAuthorization } from './authorization.ts';
import AddTagsToCertificate from './operations/AddTagsToCertificate.ts';
import DeleteCertificate from './operations/DeleteCertificate.ts';
import DescribeCertificate from './operations/DescribeCertificate.ts';
import ExportCertificate from './operations/ExportCertificate.ts';
import GetAccountConfiguration from './operations/GetAccountConfiguration.ts';
import GetCertificate from './operations/GetCertificate.ts';
import ListCertificates from './operations/ListCertificates.ts';
import ListTagsForCertificate from './operations/ListTagsForCertificate.ts';
import PutAccountConfiguration from './operations/PutAccountConfiguration.ts';
import RemoveTagsFromCertificate from './operations/RemoveTagsFromCertificate.ts';
import RenewCertificate from './operations/RenewCertificate.ts';
import RequestCertificate from './operations/RequestCertificate.ts';
import { initialAcmState, type AcmState } from './state.ts';

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
