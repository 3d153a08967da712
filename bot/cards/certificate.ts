/** To a staff member: their certificate of completion, with the PDF to download and the public check. */
import { adaptiveCard, facts, heading, openUrl, text, type AdaptiveCard } from './card';
import { formatCalendarDate } from './format';

export interface CertificateCardView {
  title: string;
  /** YYYY-MM-DD (agency time zone). */
  completedOn: string;
  /** Printed form, e.g. "1 hour 30 minutes". */
  duration: string;
  code: string;
  pdfUrl: string;
  verifyUrl: string;
  agencyName: string;
}

export function certificateCard(view: CertificateCardView): AdaptiveCard {
  return adaptiveCard([
    heading('Your certificate of completion'),
    text(`You completed ${view.title} on ${formatCalendarDate(view.completedOn)}.`),
    ...facts([
      ['Duration', view.duration],
      ['Verification code', view.code],
      ['Issued by', view.agencyName],
    ]),
    text('Anyone can check the certificate with its code on the verification page.', {
      isSubtle: true,
      spacing: 'small',
    }),
    {
      type: 'ActionSet',
      actions: [openUrl('Download certificate', view.pdfUrl), openUrl('Verify', view.verifyUrl)],
    },
  ]);
}
