/**
 * The certificate service of a running test app, for tests of features that issue certificates (the app
 * keeps its own inside; this one shares its database and job queue, so its delivery jobs are worked by
 * the app).
 */
import { Certificates } from '../../src/app/certificates/certificate-service';
import type { CertificateService, IssueCertificateInput } from '../../src/domain/certificates/types';
import { JobQueue } from '../../src/jobs/job-queue';
import { systemClock } from '../../src/ports/clock';
import { PgCertificateStore } from '../../src/store/certificate-store';
import type { TestApp } from './app-harness';

export async function certificateService(
  t: TestApp,
): Promise<{ certificates: CertificateService; stop(): Promise<void> }> {
  const jobs = new JobQueue({ connectionString: t.database.url });
  await jobs.start();
  const store = new PgCertificateStore(t.app.db, systemClock, (job, execute) =>
    jobs.sendInTransaction(job, execute),
  );
  return { certificates: new Certificates({ store, clock: systemClock }), stop: () => jobs.stop() };
}

/** An issue input for a public person (override anything). */
export function publicCompletion(over: Partial<IssueCertificateInput> = {}): IssueCertificateInput {
  return {
    recipient: { userId: null, name: 'Ana Lima', email: 'ana.lima@example.org' },
    source: { kind: 'event', id: 'event-1', version: null },
    title: 'Fair Housing Basics',
    completedOn: '2026-03-14',
    durationMinutes: 90,
    issuedBy: null,
    ...over,
  };
}
