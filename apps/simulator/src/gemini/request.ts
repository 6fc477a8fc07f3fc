import type { ChatRequest, ResponseFormat } from '../openai/chat-request';
import type { FunctionTool, ToolChoice } from '../openai/tools';
import { invalidRequest } from './errors';
import { protoType, readContents } from './contents';
import { bool, child, enumValue, isObject, list, message, number, string, type Json } from './proto';

const REQUEST = ['model', 'contents', 'tools', 'toolConfig', 'safetySettings', 'systemInstruction', 'generationConfig', 'cachedContent', 'labels', 'modelArmorConfig'];
const TOOL = ['functionDeclarations', 'googleSearchRetrieval', 'codeExecution', 'googleSearch', 'computerUse', 'urlContext', 'fileSearch', 'googleMaps', 'retrieval', 'enterpriseWebSearch'];
const DECLARATION = ['name', 'description', 'parameters', 'parametersJsonSchema', 'response', 'responseJsonSchema', 'behavior'];
const TOOL_CONFIG = ['functionCallingConfig', 'retrievalConfig'];
const CALLING = ['mode', 'allowedFunctionNames', 'streamFunctionCallArguments'];
const MODES = ['MODE_UNSPECIFIED', 'AUTO', 'ANY', 'NONE', 'VALIDATED'];
const GENERATION = [
  'candidateCount', 'stopSequences', 'maxOutputTokens', 'temperature', 'topP', 'topK', 'seed', 'responseMimeType', 'responseSchema',
  'responseJsonSchema', '_responseJsonSchema', 'presencePenalty', 'frequencyPenalty', 'responseLogprobs', 'logprobs',
  'enableEnhancedCivicAnswers', 'responseModalities', 'speechConfig', 'thinkingConfig', 'imageConfig', 'mediaResolution',
  'routingConfig', 'audioTimestamp',
];
const THINKING = ['includeThoughts', 'thinkingBudget', 'thinkingLevel'];
const THINKING_LEVELS = ['THINKING_LEVEL_UNSPECIFIED', 'MINIMAL', 'LOW', 'MEDIUM', 'HIGH'];
const MIME_TYPES = ['text/plain', 'application/json', 'application/xml', 'application/yaml', 'text/x.enum'];
const FUNCTION_NAME = /^[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}$/;
const EMPTY_OBJECT = { type: 'object', properties: {} };

/** OpenAPI-style schemas (`parameters`, `responseSchema`) spell types in capitals; JSON Schema in lower case. */
function lowerTypes(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(lowerTypes);
  if (!isObject(schema)) return schema;
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, key === 'type' && typeof value === 'string' ? value.toLowerCase() : lowerTypes(value)]));
}

function readTools(body: Json, vertex: boolean): FunctionTool[] {
  const tools: FunctionTool[] = [];
  list(body.tools).forEach((value, i) => {
    const tool = message(value, `tools[${i}]`, protoType(vertex, 'Tool'), TOOL);
    list(tool.functionDeclarations).forEach((raw, j) => {
      const at = `tools[${i}].function_declarations[${j}]`;
      const declaration = message(raw, at, protoType(vertex, 'FunctionDeclaration'), DECLARATION);
      const name = string(declaration.name, `${at}.name`);
      if (!name || !FUNCTION_NAME.test(name)) {
        throw invalidRequest(
          'Invalid function name. Must start with a letter or an underscore. Must be alphameric (a-z, A-Z, 0-9), underscores (_), dots (.), colons (:), or dashes (-), with a maximum length of 64.',
          `${at}.name`,
        );
      }
      string(declaration.description, `${at}.description`);
      if (declaration.parameters !== undefined && declaration.parametersJsonSchema !== undefined) {
        throw invalidRequest('parameters and parameters_json_schema cannot both be set.', `${at}.parameters_json_schema`);
      }
      tools.push({ name, parameters: declaration.parametersJsonSchema ?? lowerTypes(declaration.parameters) ?? EMPTY_OBJECT });
    });
  });
  return tools;
}

/** `toolConfig.functionCallingConfig` as the OpenAI tool choice (allowed names narrow the tools). */
function readToolChoice(body: Json, tools: FunctionTool[], vertex: boolean): { choice: ToolChoice; tools: FunctionTool[] } {
  if (body.toolConfig === undefined) return { choice: 'auto', tools };
  const config = message(body.toolConfig, 'tool_config', protoType(vertex, 'ToolConfig'), TOOL_CONFIG);
  if (config.functionCallingConfig === undefined) return { choice: 'auto', tools };
  const at = 'tool_config.function_calling_config';
  const calling = message(config.functionCallingConfig, at, protoType(vertex, 'FunctionCallingConfig'), CALLING);
  const mode = enumValue(calling.mode, `${at}.mode`, protoType(vertex, 'FunctionCallingConfig.Mode'), MODES) ?? 'AUTO';
  const allowed = list(calling.allowedFunctionNames).map((name, i) => string(name, `${at}.allowed_function_names[${i}]`)!);
  if (allowed.length > 0 && mode !== 'ANY' && mode !== 'VALIDATED') {
    throw invalidRequest('allowed_function_names can only be set when mode is ANY or VALIDATED.', `${at}.allowed_function_names`);
  }
  const offered = allowed.length > 0 ? tools.filter((tool) => allowed.includes(tool.name)) : tools;
  if (mode === 'NONE') return { choice: 'none', tools };
  return { choice: mode === 'ANY' ? 'required' : 'auto', tools: offered };
}

interface Generation {
  maxTokens?: number;
  stop: string[];
  responseFormat: ResponseFormat;
}

function readGeneration(body: Json, vertex: boolean): Generation {
  if (body.generationConfig === undefined) return { stop: [], responseFormat: { type: 'text' } };
  const at = (field: string) => child('generation_config', field);
  const config = message(body.generationConfig, 'generation_config', protoType(vertex, 'GenerationConfig'), GENERATION);
  for (const field of ['temperature', 'topP', 'topK', 'presencePenalty', 'frequencyPenalty']) number(config[field], at(field), false);
  for (const field of ['candidateCount', 'seed', 'logprobs']) number(config[field], at(field), true);
  const maxTokens = number(config.maxOutputTokens, at('maxOutputTokens'), true);
  const stop = list(config.stopSequences).map((value, i) => string(value, `${at('stopSequences')}[${i}]`)!);
  if (stop.length > 5) throw invalidRequest('stop_sequences must have at most 5 entries.', at('stopSequences'));
  const mime = string(config.responseMimeType, at('responseMimeType'));
  if (mime !== undefined && !MIME_TYPES.includes(mime)) {
    throw invalidRequest(`allowed mimetypes are ${MIME_TYPES.map((type) => `\`${type}\``).join(', ')}.`, at('responseMimeType'));
  }
  const schema = config.responseJsonSchema ?? config._responseJsonSchema ?? lowerTypes(config.responseSchema);
  if (config.responseSchema !== undefined && (config.responseJsonSchema ?? config._responseJsonSchema) !== undefined) {
    throw invalidRequest('response_schema and response_json_schema cannot both be set.', at('responseJsonSchema'));
  }
  if (schema !== undefined && mime !== 'application/json' && mime !== 'text/x.enum') {
    throw invalidRequest('response_mime_type must be application/json when a response schema is set.', at('responseMimeType'));
  }
  if (config.thinkingConfig !== undefined) {
    const thinking = message(config.thinkingConfig, at('thinkingConfig'), protoType(vertex, 'ThinkingConfig'), THINKING);
    bool(thinking.includeThoughts, `${at('thinkingConfig')}.include_thoughts`);
    number(thinking.thinkingBudget, `${at('thinkingConfig')}.thinking_budget`, true);
    enumValue(thinking.thinkingLevel, `${at('thinkingConfig')}.thinking_level`, protoType(vertex, 'ThinkingConfig.ThinkingLevel'), THINKING_LEVELS);
  }
  const responseFormat: ResponseFormat =
    mime !== 'application/json' ? { type: 'text' } : schema === undefined ? { type: 'json_object' } : { type: 'json_schema', schema };
  return { maxTokens, stop, responseFormat };
}

/** Validates a `GenerateContentRequest` and returns it in the OpenAI shape the shared answer logic reads. */
export function parseGenerateRequest(raw: unknown, model: string, stream: boolean, vertex: boolean): ChatRequest {
  const body = message(raw ?? {}, '', protoType(vertex, 'GenerateContentRequest'), REQUEST);
  const messages = readContents(body, vertex);
  const declared = readTools(body, vertex);
  const { choice, tools } = readToolChoice(body, declared, vertex);
  const generation = readGeneration(body, vertex);
  return {
    model,
    messages,
    stream,
    includeUsage: true,
    obfuscation: false,
    n: 1,
    maxTokens: generation.maxTokens,
    stop: generation.stop,
    tools,
    toolChoice: choice,
    parallelToolCalls: true,
    responseFormat: generation.responseFormat,
    serviceTier: 'default',
    rawTools: body.tools,
  };
}
