import type { ChannelConfig } from '../config.js';
import type { RenderedMessage } from '../render.js';
import { chatWebhookChannel } from './http.js';
import type { NotifyChannel } from './types.js';

type SlackConfig = Extract<ChannelConfig, { type: 'slack' }>;

/** Block Kit limits (api.slack.com/reference/block-kit/blocks), kept by construction. */
export const SLACK_LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  buttonText: 75,
  buttonUrl: 3000,
  contextElements: 10,
} as const;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Slack mrkdwn treats &, < and > as control characters. */
function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

type Block = Record<string, unknown>;

function sectionBlocks(rendered: RenderedMessage): Block[] {
  const blocks: Block[] = [];
  for (const section of rendered.sections) {
    const lines = section.entries.map((e) => `• <${e.url}|${escapeMrkdwn(e.text)}>`);
    let text = `*${escapeMrkdwn(section.heading)}*`;
    for (const line of lines) {
      // One section holds at most 3000 characters: continue in another.
      if (text.length + line.length + 1 > SLACK_LIMITS.sectionText) {
        blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
        text = line;
      } else text += `\n${line}`;
    }
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
  }
  return blocks;
}

/** The incoming-webhook body: fallback `text` plus Block Kit blocks. */
export function slackPayload(rendered: RenderedMessage): { text: string; blocks: Block[] } {
  const blocks: Block[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: clip(rendered.headline || rendered.subject, SLACK_LIMITS.headerText),
        emoji: true,
      },
    },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: clip(escapeMrkdwn(rendered.intro), SLACK_LIMITS.sectionText) },
    },
  ];
  if (rendered.fields.length) {
    blocks.push({
      type: 'section',
      fields: rendered.fields.slice(0, SLACK_LIMITS.sectionFields).map((f) => ({
        type: 'mrkdwn',
        text: clip(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, SLACK_LIMITS.fieldText),
      })),
    });
  }
  blocks.push(...sectionBlocks(rendered));
  if (rendered.footer) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(rendered.footer) }] });
  }
  const button: Block = {
    type: 'button',
    text: { type: 'plain_text', text: clip(rendered.link.label, SLACK_LIMITS.buttonText) },
    url: rendered.link.url,
  };
  if (rendered.emergency) button.style = 'danger';
  const actions = { type: 'actions', elements: [button] };
  return {
    text: rendered.subject,
    blocks: [...blocks.slice(0, SLACK_LIMITS.blocks - 1), actions],
  };
}

/** A Slack incoming webhook; its URL is a credential, read from urlEnv / urlFile. */
export function slackChannel(
  config: SlackConfig,
  options: { baseUrl: string; env?: NodeJS.ProcessEnv },
): NotifyChannel {
  return chatWebhookChannel(config, options, slackPayload);
}
