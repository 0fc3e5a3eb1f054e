import { RequestCertificateCommand } from '@aws-sdk/client-acm';
import t from 'tap';
import { createRootCa } from '../../../lib/private-ca/create-root-ca.ts';
import { adviceFor, describeCertificate } from '../../../lib/renewal/acm-renewal.ts';
import { clientsFor, FAST_TIMINGS, startTestAwsLocal } from '../../helpers/aws-local.ts';

t.test('every Private CA renewal failure reason gets its own advice; others a general one', async (t) => {
  const reasons = [
    'PCA_INVALID_STATE',
    'PCA_ACCESS_DENIED',
    'PCA_RESOURCE_NOT_FOUND',
    'PCA_INVALID_DURATION',
    'PCA_LIMIT_EXCEEDED',
  ];
  const advice = reasons.map(adviceFor);
  t.equal(new Set(advice).size, reasons.length, 'no two reasons share advice');
  t.match(adviceFor('PCA_ACCESS_DENIED'), /acm\.amazonaws\.com IssueCertificate/);
  t.match(adviceFor('PCA_INVALID_STATE'), /ACTIVE/);
  const general = adviceFor('SOMETHING_NEW');
  t.notOk(advice.includes(general), 'an unknown reason is not given a specific answer');
  t.equal(adviceFor('OTHER'), general);
});

t.test('describeCertificate: the detail of a certificate, CERTIFICATE_NOT_FOUND for an unknown one', async (t) => {
  const local = await startTestAwsLocal(t, { timings: FAST_TIMINGS });
  const { acm, pca } = await clientsFor(local);
  const ca = await createRootCa(pca, { commonName: 'Renewal Test Root' });
  const { CertificateArn } = await acm.send(
    new RequestCertificateCommand({ DomainName: 'a.example.com', CertificateAuthorityArn: ca.caArn }),
  );
  // Like ACM, aws-local answers ResourceNotFoundException for a moment after RequestCertificate (acm.visible).
  await new Promise((resolve) => setTimeout(resolve, FAST_TIMINGS['acm.visible'] * 5));
  const detail = await describeCertificate(acm, CertificateArn!);
  t.equal(detail.CertificateArn, CertificateArn);
  t.equal(detail.DomainName, 'a.example.com');

  const missing = CertificateArn!.replace(/certificate\/.*/, 'certificate/00000000-0000-0000-0000-000000000000');
  await t.rejects(describeCertificate(acm, missing), {
    name: 'RenewalError',
    code: 'CERTIFICATE_NOT_FOUND',
    message: /no longer exists; export the identity again/,
  });
});
