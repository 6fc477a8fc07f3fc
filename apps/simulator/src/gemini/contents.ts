import type { ChatMessage } from '../openai/chat-messages';
import { fieldViolation, googleError, invalidRequest } from './errors';
import { bool, child, isObject, list, message, string, type Json } from './proto';

const CONTENT = ['role', 'parts'];
const PART = ['text', 'inlineData', 'functionCall', 'functionResponse', 'fileData', 'executableCode', 'codeExecutionResult', 'thought', 'thoughtSignature', 'partMetadata', 'videoMetadata', 'mediaResolution'];
/** The `data` oneof of a Part: exactly one must be set. */
const DATA = ['text', 'inlineData', 'functionCall', 'functionResponse', 'fileData', 'executableCode', 'codeExecutionResult'];
const BLOB = ['mimeType', 'data'];
const FILE_DATA = ['mimeType', 'fileUri'];
const FUNCTION_CALL = ['id', 'name', 'args', 'partialArgs', 'willContinue'];
const FUNCTION_RESPONSE = ['id', 'name', 'response', 'parts', 'willContinue', 'scheduling'];
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** Proto type names as they appear in Google's error messages. */
export const protoType = (vertex: boolean, name: string): string =>
  `type.googleapis.com/${vertex ? 'google.cloud.aiplatform.v1' : 'google.ai.generativelanguage.v1beta'}.${name}`;

function bytes(value: unknown, path: string): void {
  const text = string(value, path);
  if (text !== undefined && !BASE64.test(text)) {
    throw fieldViolation(path, `Invalid value at '${path}' (TYPE_BYTES), Base64 decoding failed for "${text.slice(0, 20)}"`);
  }
}

function required(value: unknown, path: string, field: string): string {
  const text = string(value, path);
  if (!text) throw invalidRequest(`${field} is not specified`, path);
  return text;
}

/** What the fake model reads from a part. */
type PartText = { kind: 'text'; text: string } | { kind: 'call' } | { kind: 'result'; text: string } | { kind: 'media' };

function readPart(value: unknown, path: string, vertex: boolean): PartText {
  const part = message(value, path, protoType(vertex, 'Part'), PART);
  const data = DATA.filter((field) => part[field] !== undefined);
  if (data.length === 0) throw invalidRequest("required oneof field 'data' must have one initialized field", `${path}.data`);
  if (data.length > 1) throw fieldViolation(path, `Invalid JSON payload received. Oneof field 'data' is already set. Cannot set '${data[1]}'`);
  bool(part.thought, child(path, 'thought'));
  bytes(part.thoughtSignature, child(path, 'thoughtSignature'));
  const at = (field: string) => child(path, field);
  switch (data[0]) {
    case 'text':
      return { kind: 'text', text: string(part.text, at('text'))! };
    case 'inlineData': {
      const blob = message(part.inlineData, at('inlineData'), protoType(vertex, 'Blob'), BLOB);
      required(blob.mimeType, `${at('inlineData')}.mime_type`, 'mime_type');
      bytes(blob.data, `${at('inlineData')}.data`);
      return { kind: 'media' };
    }
    case 'fileData': {
      const file = message(part.fileData, at('fileData'), protoType(vertex, 'FileData'), FILE_DATA);
      required(file.fileUri, `${at('fileData')}.file_uri`, 'file_uri');
      return { kind: 'media' };
    }
    case 'functionCall': {
      const call = message(part.functionCall, at('functionCall'), protoType(vertex, 'FunctionCall'), FUNCTION_CALL);
      required(call.name, `${at('functionCall')}.name`, 'name');
      if (call.args !== undefined && !isObject(call.args)) throw fieldViolation(`${at('functionCall')}.args`, `Invalid value at '${at('functionCall')}.args' (type.googleapis.com/google.protobuf.Struct), ${JSON.stringify(call.args)}`);
      return { kind: 'call' };
    }
    case 'functionResponse': {
      const result = message(part.functionResponse, at('functionResponse'), protoType(vertex, 'FunctionResponse'), FUNCTION_RESPONSE);
      required(result.name, `${at('functionResponse')}.name`, 'name');
      if (!isObject(result.response)) {
        throw fieldViolation(`${at('functionResponse')}.response`, `Invalid value at '${at('functionResponse')}.response' (type.googleapis.com/google.protobuf.Struct), ${JSON.stringify(result.response ?? null)}`);
      }
      return { kind: 'result', text: JSON.stringify(result.response) };
    }
    default:
      return { kind: 'media' };
  }
}

function readContent(value: unknown, path: string, vertex: boolean): { role: string; parts: PartText[] } {
  const content = message(value, path, protoType(vertex, 'Content'), CONTENT);
  const role = string(content.role, child(path, 'role')) || 'user';
  const raw = list(content.parts);
  if (raw.length === 0) throw invalidRequest('contents.parts must not be empty.', `${path}.parts`);
  return { role, parts: raw.map((part, i) => readPart(part, `${path}.parts[${i}]`, vertex)) };
}

/**
 * `contents` (and `systemInstruction`) as the OpenAI-shaped messages the shared answer logic
 * reads: function responses become `tool` messages, so "the last turn is a user turn" means a
 * real user message.
 */
export function readContents(body: Json, vertex: boolean): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (body.systemInstruction !== undefined) {
    const system = readContent(body.systemInstruction, 'system_instruction', vertex);
    messages.push({ role: 'system', text: system.parts.map((part) => (part.kind === 'text' ? part.text : '')).join(''), hasToolCalls: false });
  }
  const contents = list(body.contents);
  if (contents.length === 0) throw invalidRequest('contents is not specified', 'contents');
  contents.forEach((value, i) => {
    const { role, parts } = readContent(value, `contents[${i}]`, vertex);
    if (role !== 'user' && role !== 'model') throw googleError(400, 'Please use a valid role: user, model.');
    const text = parts.map((part) => (part.kind === 'text' ? part.text : '')).join('');
    if (role === 'model') {
      messages.push({ role: 'assistant', text, hasToolCalls: parts.some((part) => part.kind === 'call') });
      return;
    }
    for (const part of parts) if (part.kind === 'result') messages.push({ role: 'tool', text: part.text, hasToolCalls: false });
    if (parts.some((part) => part.kind === 'text' || part.kind === 'media')) messages.push({ role: 'user', text, hasToolCalls: false });
  });
  return messages;
}
