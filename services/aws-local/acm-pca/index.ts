import { defineService } from '../protocol/service.ts';
import { acmPcaAuthorization } from './authorization.ts';
import CreateCertificateAuthority from './operations/CreateCertificateAuthority.ts';
import CreatePermission from './operations/CreatePermission.ts';
import DeleteCertificateAuthority from './operations/DeleteCertificateAuthority.ts';
import DeletePermission from './operations/DeletePermission.ts';
import DescribeCertificateAuthority from './operations/DescribeCertificateAuthority.ts';
import GetCertificate from './operations/GetCertificate.ts';
import GetCertificateAuthorityCertificate from './operations/GetCertificateAuthorityCertificate.ts';
import GetCertificateAuthorityCsr from './operations/GetCertificateAuthorityCsr.ts';
import ImportCertificateAuthorityCertificate from './operations/ImportCertificateAuthorityCertificate.ts';
import IssueCertificate from './operations/IssueCertificate.ts';
import ListCertificateAuthorities from './operations/ListCertificateAuthorities.ts';
import ListPermissions from './operations/ListPermissions.ts';
import ListTags from './operations/ListTags.ts';
import RestoreCertificateAuthority from './operations/RestoreCertificateAuthority.ts';
import RevokeCertificate from './operations/RevokeCertificate.ts';
import TagCertificateAuthority from './operations/TagCertificateAuthority.ts';
import UntagCertificateAuthority from './operations/UntagCertificateAuthority.ts';
import UpdateCertificateAuthority from './operations/UpdateCertificateAuthority.ts';
import { initialAcmPcaState, type AcmPcaState } from './state.ts';

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
