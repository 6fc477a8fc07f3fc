import { z } from 'zod';

const inputText = z.object({ type: z.literal('input_text'), text: z.string() });
const outputText = z.object({ type: z.literal('output_text'), text: z.string() }).loose();
const inputImage = z.object({ type: z.literal('input_image'), image_url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).optional() });
const refusal = z.object({ type: z.literal('refusal'), refusal: z.string() });

const messageItem = z.object({
  type: z.literal('message').optional(),
  id: z.string().optional(),
  status: z.string().optional(),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: z.union([z.string(), z.array(z.discriminatedUnion('type', [inputText, outputText, inputImage, refusal]))]),
});
const functionCallItem = z.object({
  type: z.literal('function_call'),
  id: z.string().optional(),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
  status: z.string().optional(),
});
const functionCallOutputItem = z.object({
  type: z.literal('function_call_output'),
  id: z.string().optional(),
  call_id: z.string().min(1),
  output: z.union([z.string(), z.array(z.object({ type: z.literal('input_text'), text: z.string() }).loose())]),
  status: z.string().optional(),
});
/** Reasoning items from an earlier turn: accepted and left out (their content is encrypted to the provider). */
const reasoningItem = z.object({ type: z.literal('reasoning') }).loose();

export const inputItemSchema = z.union([functionCallItem, functionCallOutputItem, reasoningItem, messageItem]);
export type InputItem = z.infer<typeof inputItemSchema>;

const functionTool = z.object({
  type: z.literal('function'),
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 characters of a-z, A-Z, 0-9, _ or -'),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});

const textFormat = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    name: z.string(),
    schema: z.record(z.string(), z.unknown()),
    description: z.string().optional(),
    strict: z.boolean().nullish(),
  }),
]);

/** OpenAI's Responses API request, the stateless part (AllTokens stores no responses). */
export const responsesRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string().min(1), z.array(inputItemSchema).min(1)]),
  instructions: z.string().nullish(),
  tools: z.array(functionTool).optional(),
  tool_choice: z.union([z.enum(['none', 'auto', 'required']), z.object({ type: z.literal('function'), name: z.string() })]).optional(),
  parallel_tool_calls: z.boolean().nullish(),
  max_output_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  stream: z.boolean().nullish(),
  text: z.object({ format: textFormat.optional() }).nullish(),
  reasoning: z.object({ effort: z.enum(['minimal', 'low', 'medium', 'high']).nullish() }).loose().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  user: z.string().optional(),
  store: z.boolean().nullish(),
  previous_response_id: z.string().nullish(),
});
export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;
