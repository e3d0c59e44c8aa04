import type { ChannelConfig } from '../config.js';
import type { RenderedMessage } from '../render.js';
import { chatWebhookChannel } from './http.js';
import type { NotifyChannel } from './types.js';

type TeamsConfig = Extract<ChannelConfig, { type: 'teams' }>;

type Element = Record<string, unknown>;

/** Adaptive Card markdown: only the link syntax matters here; brackets in text would break it. */
function linkText(text: string): string {
  return text.replaceAll('[', '(').replaceAll(']', ')');
}

/** An Adaptive Card 1.5 (adaptivecards.io/explorer) showing the message. */
export function adaptiveCard(rendered: RenderedMessage): Element {
  const body: Element[] = [
    {
      type: 'TextBlock',
      text: rendered.headline || rendered.subject,
      weight: 'Bolder',
      size: 'Medium',
      wrap: true,
      style: 'heading',
      ...(rendered.emergency ? { color: 'Attention' } : {}),
    },
    { type: 'TextBlock', text: rendered.intro, wrap: true },
  ];
  if (rendered.fields.length) {
    body.push({ type: 'FactSet', facts: rendered.fields.map((f) => ({ title: f.label, value: f.value })) });
  }
  for (const section of rendered.sections) {
    body.push({ type: 'TextBlock', text: section.heading, weight: 'Bolder', wrap: true, spacing: 'Medium' });
    body.push({
      type: 'TextBlock',
      text: section.entries.map((e) => `- [${linkText(e.text)}](${e.url})`).join('\n'),
      wrap: true,
    });
  }
  if (rendered.footer) body.push({ type: 'TextBlock', text: rendered.footer, wrap: true, isSubtle: true });
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.5',
    body,
    actions: [{ type: 'Action.OpenUrl', title: rendered.link.label, url: rendered.link.url }],
  };
}

/** The body a Teams Workflows "post to a channel when a webhook request is received" flow takes. */
export function teamsPayload(rendered: RenderedMessage): Element {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: adaptiveCard(rendered),
      },
    ],
  };
}

/** A Microsoft Teams Workflows (Power Automate) webhook; its URL carries a signature, so it is a secret. */
export function teamsChannel(
  config: TeamsConfig,
  options: { baseUrl: string; env?: NodeJS.ProcessEnv },
): NotifyChannel {
  return chatWebhookChannel(config, options, teamsPayload);
}
