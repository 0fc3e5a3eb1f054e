import { defineService } from '../protocol/service.js';
import { acmPcaAuthorization } from './authorization.js';
import CreateCertificateAuthority from './operations/CreateCertificateAuthority.js';
import CreatePermission from './operations/CreatePermission.js';
import DeleteCertificateAuthority from './operations/DeleteCertificateAuthority.js';
import DeletePermission from './operations/DeletePermission.js';
import DescribeCertificateAuthority from './operations/DescribeCertificateAuthority.js';
import GetCertificate from './operations/GetCertificate.js';
import GetCertificateAuthorityCertificate from './operations/GetCertificateAuthorityCertificate.js';
import GetCertificateAuthorityCsr from './operations/GetCertificateAuthorityCsr.js';
import ImportCertificateAuthorityCertificate from './operations/ImportCertificateAuthorityCertificate.js';
import IssueCertificate from './operations/IssueCertificate.js';
import ListCertificateAuthorities from './operations/ListCertificateAuthorities.js';
import ListPermissions from './operations/ListPermissions.js';
import ListTags from './operations/ListTags.js';
import RestoreCertificateAuthority from './operations/RestoreCertificateAuthority.js';
import RevokeCertificate from './operations/RevokeCertificate.js';
import TagCertificateAuthority from './operations/TagCertificateAuthority.js';
import UntagCertificateAuthority from './operations/UntagCertificateAuthority.js';
import UpdateCertificateAuthority from './operations/UpdateCertificateAuthority.js';
import { initialAcmPcaState, type AcmPcaState } from './state.js';

/** AWS Private CA. */
export const acmPcaService = defineService<AcmPcaState>({
  id: 'acm-pca',
  targetPrefix: 'ACMPrivateCA',
  initialState: initialAcmPcaState,
  authorization: acmPcaAuthorization,
  operations: {
    CreateCertificateAuthority,
    CreatePermission,
    DeleteCertificateAuthority,
    DeletePermission,
    DescribeCertificateAuthority,
    GetCertificate,
    GetCertificateAuthorityCertificate,
    GetCertificateAuthorityCsr,
    ImportCertificateAuthorityCertificate,
    IssueCertificate,
    ListCertificateAuthorities,
    ListPermissions,
    ListTags,
    RestoreCertificateAuthority,
    RevokeCertificate,
    TagCertificateAuthority,
    UntagCertificateAuthority,
    UpdateCertificateAuthority,
  },
});
