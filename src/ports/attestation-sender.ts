/** How the fan-out reaches people: sending a campaign card, and installing the app for someone. */
import type { Campaign, Delivery, Recipient } from '../domain/campaign/types';
import type { SendOutcome } from '../domain/campaign/send-outcome';

export interface AttestationSender<T extends Delivery = Recipient> {
  /**
   * Sends the card (the person's card, or a reminder), carrying `delivery.id` as its idempotency key. `freshChat`: start the
   * 1:1 chat again first (after the app was installed anew). Never throws: failures are outcomes.
   */
  send(
    delivery: T,
    campaign: Campaign,
    opts: {
      freshChat: boolean;
      /** Awaited just before the card's request goes on the wire (after waiting for its send slot). */
      onDispatch: () => Promise<void>;
    },
  ): Promise<SendOutcome>;
}

export type InstallOutcome =
  | { kind: 'installed' }
  | { kind: 'retry'; retryAfterMs: number | null; reason: string }
  | { kind: 'failed'; reason: string };

/** Installs the Teams app for a person (Graph `POST /users/{id}/teamwork/installedApps`). */
export interface AppInstaller {
  install(userId: string): Promise<InstallOutcome>;
}
