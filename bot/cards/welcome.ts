/** The first card a new user sees. */
import { adaptiveCard, bullets, heading, subheading, subtle, text, type AdaptiveCard } from './card';
import { commandList, mainButtons } from './help';

export function welcomeCard(agencyName: string): AdaptiveCard {
  const agency = agencyName.trim();
  return adaptiveCard(
    [
      heading('Welcome to Candor'),
      ...(agency ? [subtle(agency)] : []),
      text('Candor helps you disclose gifts and possible conflicts of interest.', { spacing: 'medium' }),
      subheading('How it works'),
      ...bullets([
        'Tell me about a gift or a situation. It takes a few minutes.',
        'I check it against the agency’s ethics policy and show you the rule that applies.',
        'If a decision is needed, I send it to your supervisor, and tell you their answer here.',
      ]),
      text('Disclosing protects you and the agency. When in doubt, disclose.', { spacing: 'medium' }),
      subheading('What you can type'),
      ...commandList(),
    ],
    mainButtons(),
  );
}
