import { ApiError } from '@alltokens/contracts';

type Content = string | null | undefined | ReadonlyArray<{ type: string; text?: string; refusal?: string }>;

/** A message's text, for text-only providers: any other part (image, audio, file) is refused with a 400. */
export function textOnly(content: Content, providerName: string): string {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  return content
    .map((part) => {
      if (part.type === 'text') return part.text ?? '';
      if (part.type === 'refusal') return part.refusal ?? '';
      throw new ApiError(400, 'unsupported_content', `${providerName} does not accept ${part.type === 'image_url' ? 'images' : `${part.type} content`}`);
    })
    .join('');
}

/** Tool-call arguments as an object, for providers that take them parsed rather than as a JSON string. */
export function argumentsObject(raw: string, callId: string, providerName: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(raw || '{}');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new ApiError(400, 'invalid_tool_arguments', `Tool call ${callId}: ${providerName} needs the arguments to be a JSON object`);
}
