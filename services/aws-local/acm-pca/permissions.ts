/** The ACM service principal is the only one Private CA grants permissions to. */
export const ACM_PRINCIPAL = 'acm.amazonaws.com';
export const ACM_RENEWAL_ACTIONS = ['IssueCertificate', 'GetCertificate', 'ListPermissions'] as const;
