/** The public addresses of a certificate: its verification page and its PDF. */
export interface CertificateLinks {
  /** `${PUBLIC_URL}/verify/{code}`: printed on the certificate and in its QR code. */
  verify(code: string): string;
  /** `${PUBLIC_URL}/certificates/{downloadToken}.pdf`. */
  pdf(downloadToken: string): string;
}

export function certificateLinks(publicUrl: string): CertificateLinks {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    verify: (code) => `${base}/verify/${encodeURIComponent(code)}`,
    pdf: (token) => `${base}/certificates/${encodeURIComponent(token)}.pdf`,
  };
}
