/**
 * Job handlers that talk to people proactively: the review card to the reviewer (and the copy to HR),
 * in-place updates of every card of a disclosure, and short notices. Each is idempotent: a card already
 * sent is updated rather than sent again, and a notice key is sent once.
 */
import type { DisclosureStore } from '../src/ports/disclosure-store';
import type { ChatStore } from '../src/ports/chat-store';
import type { Logger } from '../src/logging';
import type { JobData, NoticeKind } from '../src/ports/jobs';
import { reviewCard } from './cards/review';
import { disclosureResultCard } from './cards/result';
import { decisionNoticeCard, infoRequestedNoticeCard, informedCard } from './cards/notice';
import type { AdaptiveCard } from './cards/card';
import type { DisclosureCardView } from './cards/view';
import type { TeamsMessenger } from './messenger';
import { cardView } from './views';
import { escalatedAwayFrom, reviewClockText } from './cards/review-routing';

export interface NotificationDeps {
  store: DisclosureStore;
  chats: ChatStore;
  messenger: TeamsMessenger;
  tabUrl: string | null;
  /** Service URL to use for updates of cards whose chat has no stored reference. */
  defaultServiceUrl: string;
  log: Logger;
}

export class Notifications {
  constructor(private readonly deps: NotificationDeps) {}

  async sendCard(job: JobData<'card.send'>): Promise<void> {
    const record = await this.deps.store.get(job.disclosureId);
    if (!record) return;
    const view = await cardView(record, this.deps.chats, this.deps.tabUrl);
    const card = this.cardFor(job.role, view, job.userId);
    const existing = await this.deps.chats.findCardMessage(job.disclosureId, job.role, job.userId);
    if (existing) {
      await this.deps.messenger.updateCard(
        existing.conversationId,
        existing.activityId,
        await this.serviceUrlFor(job.userId),
        card,
      );
      return;
    }
    const summary = `${record.disclosure.reference}: ${record.employee.displayName}`;
    const sent = await this.deps.messenger.sendCard(job.userId, card, summary);
    await this.deps.chats.saveCardMessage({
      disclosureId: job.disclosureId,
      role: job.role,
      userId: job.userId,
      ...sent,
    });
    this.deps.log.info(
      { disclosureId: job.disclosureId, role: job.role, conversationId: sent.conversationId },
      'card sent',
    );
  }

  async refreshCards(job: JobData<'cards.refresh'>): Promise<void> {
    const record = await this.deps.store.get(job.disclosureId);
    if (!record) return;
    const view = await cardView(record, this.deps.chats, this.deps.tabUrl);
    const cards = await this.deps.chats.cardMessages(job.disclosureId);
    // Each card on its own: one that cannot be updated does not hold back the others. The job fails
    // (and is retried: updates are idempotent) if any could not be.
    const failures: unknown[] = [];
    for (const c of cards) {
      await this.deps.messenger
        .updateCard(
          c.conversationId,
          c.activityId,
          await this.serviceUrlFor(c.userId),
          this.cardFor(c.role, view, c.userId),
        )
        .catch((e: unknown) => failures.push(e));
    }
    if (failures.length > 0) throw failures[0];
    this.deps.log.info({ disclosureId: job.disclosureId, cards: cards.length }, 'cards updated');
  }

  async sendNotice(job: JobData<'notice.send'>): Promise<void> {
    if (await this.deps.chats.noticeSent(job.key)) return;
    const record = await this.deps.store.get(job.disclosureId);
    if (!record) return;
    const view = await cardView(record, this.deps.chats, this.deps.tabUrl);
    const summary = `${record.disclosure.reference}: ${job.notice.replace('_', ' ')}`;
    const card = this.noticeCard(job.notice, view);
    const sent = card
      ? await this.deps.messenger.sendCard(job.userId, card, summary)
      : await this.deps.messenger.send(job.userId, {
          type: 'message',
          text: employeeStepText(job.notice, view),
        });
    await this.deps.chats.markNoticeSent(job.key, sent.conversationId, sent.activityId);
    this.deps.log.info({ disclosureId: job.disclosureId, notice: job.notice }, 'notice sent');
  }

  private cardFor(
    role: 'employee' | 'reviewer' | 'hr',
    view: DisclosureCardView,
    userId: string,
  ): AdaptiveCard {
    const d = view.disclosure;
    if (role === 'employee') return disclosureResultCard(view);
    // A reviewer card of someone who is no longer the reviewer (escalated away) is read-only.
    if (role === 'reviewer' && d.reviewerId !== userId)
      return reviewCard(view, escalatedAwayFrom(d, userId) ? 'escalated_away' : 'readonly');
    if (role === 'reviewer') return reviewCard(view, d.state === 'pending_review' ? 'reviewer' : 'readonly');
    return reviewCard(view, 'readonly');
  }

  /** A card for notices to the employee; null for the reviewer's short text notices. */
  private noticeCard(notice: NoticeKind, view: DisclosureCardView): AdaptiveCard | null {
    switch (notice) {
      case 'decided':
        return decisionNoticeCard(view);
      case 'info_requested':
        return infoRequestedNoticeCard(view);
      case 'informed':
        return informedCard(view);
      default:
        return null;
    }
  }

  private async serviceUrlFor(userId: string): Promise<string> {
    return (await this.deps.chats.findReference(userId))?.serviceUrl ?? this.deps.defaultServiceUrl;
  }
}

/** The reviewer's notice when the employee answered, withdrew or resolved; the card above updates too. */
function employeeStepText(notice: NoticeKind, view: DisclosureCardView): string {
  const who = view.employee.displayName;
  const ref = view.disclosure.reference;
  switch (notice) {
    case 'info_answered':
      return `${who} answered your question about ${ref}. It is back in your queue: the review card is updated.`;
    case 'withdrawn':
      return `${who} withdrew ${ref}. Nothing more is needed from you.`;
    case 'resolved':
      return `${who} recorded what they did about ${ref}. The card is updated for your information.`;
    case 'reminder':
    case 'escalated':
    case 'reassigned':
      return reviewClockText(notice, view);
    default:
      return `${ref} was updated.`;
  }
}
