import type { AdaptiveCard } from './cards/card';

/** The same card with a short message on top: how an action's outcome is told in place. */
export function withBanner(
  card: AdaptiveCard,
  text: string,
  tone: 'good' | 'attention' | 'warning',
): AdaptiveCard {
  return {
    ...card,
    body: [
      {
        type: 'Container',
        style: tone === 'good' ? 'good' : tone === 'attention' ? 'attention' : 'warning',
        items: [{ type: 'TextBlock', text, wrap: true, weight: 'bolder' }],
      },
      ...(card.body ?? []),
    ],
  };
}
