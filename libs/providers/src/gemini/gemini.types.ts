/** What the adapter sends to Google's `GenerateContent` API (what it reads is in `gemini.schema.ts`). */

export interface GeminiPart {
  text?: string;
  /** Set on a text part that is the model's thinking. */
  thought?: boolean;
  thoughtSignature?: string;
  inlineData?: { mimeType: string; data: string };
  fileData?: { mimeType: string; fileUri: string };
  functionCall?: { id?: string; name: string; args?: Record<string, unknown> };
  functionResponse?: { name: string; response: Record<string, unknown> };
}

export interface GeminiContent {
  role: 'user' | 'model';
  parts: GeminiPart[];
}
