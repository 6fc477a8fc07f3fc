import type { AnthropicTool } from './anthropic.types';

/**
 * Anthropic's structured outputs need a full schema (`additionalProperties: false` everywhere), so
 * OpenAI's schema-less `json_object` mode is served by a tool whose input is any object: the model
 * calls it, and its input comes back as the message content.
 */
export const JSON_TOOL_NAME = 'json_response';

export const JSON_TOOL: AnthropicTool = {
  name: JSON_TOOL_NAME,
  description: 'Respond with your answer as a JSON object.',
  input_schema: { type: 'object' },
};
