import { z } from 'zod';

/**
 * The parts of Slack Block Kit and Adaptive Cards 1.5 that opsradar uses, written from the
 * services' documentation, with their limits:
 * - Block Kit blocks: https://docs.slack.dev/reference/block-kit/blocks (header: plain_text ≤ 150;
 *   section: text ≤ 3000, ≤ 10 fields of ≤ 2000; actions: ≤ 25 elements; context: ≤ 10 elements;
 *   a message has ≤ 50 blocks), button: text ≤ 75, url ≤ 3000, style primary|danger.
 * - Adaptive Card 1.5 schema: https://adaptivecards.io/explorer/ (AdaptiveCard, TextBlock, FactSet,
 *   Action.OpenUrl) and the Teams Workflows webhook envelope (`type: message`, one attachment of
 *   contentType application/vnd.microsoft.card.adaptive).
 * Retrieved 2026-12-02. `.strict()` everywhere: a property the service does not define fails.
 */
const plainText = (max: number) =>
  z
    .object({
      type: z.literal('plain_text'),
      text: z.string().min(1).max(max),
      emoji: z.boolean().optional(),
    })
    .strict();
const mrkdwn = (max: number) =>
  z
    .object({ type: z.literal('mrkdwn'), text: z.string().min(1).max(max), verbatim: z.boolean().optional() })
    .strict();

const header = z
  .object({ type: z.literal('header'), text: plainText(150), block_id: z.string().max(255).optional() })
  .strict();
const section = z
  .object({
    type: z.literal('section'),
    text: z.union([plainText(3000), mrkdwn(3000)]).optional(),
    fields: z
      .array(z.union([plainText(2000), mrkdwn(2000)]))
      .min(1)
      .max(10)
      .optional(),
    block_id: z.string().max(255).optional(),
  })
  .strict()
  .refine((s) => s.text !== undefined || s.fields !== undefined, 'a section needs text or fields');
const button = z
  .object({
    type: z.literal('button'),
    text: plainText(75),
    url: z.url().max(3000).optional(),
    action_id: z.string().max(255).optional(),
    value: z.string().max(2000).optional(),
    style: z.enum(['primary', 'danger']).optional(),
  })
  .strict();
const actions = z.object({ type: z.literal('actions'), elements: z.array(button).min(1).max(25) }).strict();
const context = z
  .object({
    type: z.literal('context'),
    elements: z
      .array(z.union([plainText(3000), mrkdwn(3000)]))
      .min(1)
      .max(10),
  })
  .strict();

export const slackMessageSchema = z
  .object({
    text: z.string().min(1),
    blocks: z
      .array(z.union([header, section, actions, context]))
      .min(1)
      .max(50),
  })
  .strict();

const spacing = z.enum(['None', 'Small', 'Default', 'Medium', 'Large', 'ExtraLarge', 'Padding']);
const textBlock = z
  .object({
    type: z.literal('TextBlock'),
    text: z.string().min(1),
    wrap: z.boolean().optional(),
    weight: z.enum(['Default', 'Lighter', 'Bolder']).optional(),
    size: z.enum(['Default', 'Small', 'Medium', 'Large', 'ExtraLarge']).optional(),
    color: z.enum(['Default', 'Dark', 'Light', 'Accent', 'Good', 'Warning', 'Attention']).optional(),
    isSubtle: z.boolean().optional(),
    spacing: spacing.optional(),
    // `style: heading` is new in 1.5.
    style: z.enum(['default', 'heading']).optional(),
    maxLines: z.number().int().positive().optional(),
  })
  .strict();
const factSet = z
  .object({
    type: z.literal('FactSet'),
    facts: z.array(z.object({ title: z.string(), value: z.string() }).strict()).min(1),
    spacing: spacing.optional(),
  })
  .strict();
const openUrl = z
  .object({ type: z.literal('Action.OpenUrl'), url: z.url(), title: z.string().optional() })
  .strict();

export const adaptiveCard15Schema = z
  .object({
    $schema: z.literal('http://adaptivecards.io/schemas/adaptive-card.json').optional(),
    type: z.literal('AdaptiveCard'),
    version: z.literal('1.5'),
    body: z.array(z.union([textBlock, factSet])).min(1),
    actions: z.array(openUrl).optional(),
  })
  .strict();

export const teamsWorkflowsEnvelopeSchema = z
  .object({
    type: z.literal('message'),
    attachments: z
      .array(
        z
          .object({
            contentType: z.literal('application/vnd.microsoft.card.adaptive'),
            contentUrl: z.null().optional(),
            content: adaptiveCard15Schema,
          })
          .strict(),
      )
      .length(1),
  })
  .strict();
