import { ApiError } from '@alltokens/contracts';
import type { ProviderInfo } from '@alltokens/catalog';
import { capabilities, FULL_OPENAI_CAPABILITIES, type OpenAiPreset } from './preset';

/** OpenRouter's sampling extras, for the servers whose API references document them. */
const SAMPLING_EXTRAS = ['top_k', 'repetition_penalty'] as const;

/** Fields only OpenAI itself knows; most compatible servers reject or ignore them. */
const OPENAI_ONLY = ['service_tier', 'store', 'prediction', 'verbosity', 'prompt_cache_key', 'safety_identifier', 'modalities', 'audio'];

const AZURE_DEFAULT_API_VERSION = '2024-10-21';

function azureBase(provider: ProviderInfo): string {
  if (!provider.baseUrl) throw new ApiError(500, 'provider_misconfigured', `Provider ${provider.id}: Azure OpenAI needs base_url (https://<resource>.openai.azure.com)`);
  return provider.baseUrl;
}

const azureUrl = (operation: string) => (provider: ProviderInfo, endpoint: { upstreamModel: string }) =>
  `${azureBase(provider)}/openai/deployments/${encodeURIComponent(endpoint.upstreamModel)}/${operation}?api-version=${encodeURIComponent(provider.options.api_version ?? AZURE_DEFAULT_API_VERSION)}`;

/** Every OpenAI-compatible provider AllTokens knows by name. */
export const OPENAI_COMPATIBLE_PRESETS: readonly OpenAiPreset[] = [
  { format: 'openai', displayName: 'OpenAI', defaultBaseUrl: 'https://api.openai.com/v1', auth: 'bearer', streamOptions: true, capabilities: FULL_OPENAI_CAPABILITIES },
  {
    format: 'azure',
    displayName: 'Azure OpenAI',
    auth: 'api-key',
    streamOptions: true,
    drops: ['prompt_cache_key', 'safety_identifier', 'verbosity'],
    chatUrl: azureUrl('chat/completions'),
    embeddingsUrl: azureUrl('embeddings'),
    capabilities: FULL_OPENAI_CAPABILITIES,
  },
  {
    format: 'groq',
    displayName: 'Groq',
    defaultBaseUrl: 'https://api.groq.com/openai/v1',
    auth: 'bearer',
    streamOptions: true,
    drops: [...OPENAI_ONLY, 'logprobs', 'top_logprobs', 'logit_bias'],
    capabilities: capabilities({ promptCaching: false }),
    embeddings: false,
    textCompletions: false,
  },
  {
    format: 'together',
    displayName: 'Together AI',
    defaultBaseUrl: 'https://api.together.xyz/v1',
    auth: 'bearer',
    streamOptions: true,
    drops: OPENAI_ONLY,
    samplingExtras: SAMPLING_EXTRAS,
    capabilities: capabilities({ promptCaching: false }),
  },
  {
    format: 'fireworks',
    displayName: 'Fireworks AI',
    defaultBaseUrl: 'https://api.fireworks.ai/inference/v1',
    auth: 'bearer',
    streamOptions: true,
    drops: OPENAI_ONLY,
    samplingExtras: SAMPLING_EXTRAS,
    capabilities: FULL_OPENAI_CAPABILITIES,
  },
  {
    format: 'deepseek',
    displayName: 'DeepSeek',
    defaultBaseUrl: 'https://api.deepseek.com/v1',
    auth: 'bearer',
    streamOptions: true,
    drops: [...OPENAI_ONLY, 'seed', 'n', 'logit_bias', 'parallel_tool_calls', 'reasoning_effort'],
    capabilities: capabilities({ vision: false, jsonSchema: false }),
    embeddings: false,
    textCompletions: false,
  },
  {
    format: 'mistral',
    displayName: 'Mistral AI',
    defaultBaseUrl: 'https://api.mistral.ai/v1',
    auth: 'bearer',
    streamOptions: false,
    drops: [...OPENAI_ONLY, 'logit_bias', 'logprobs', 'top_logprobs', 'user', 'reasoning_effort'],
    renames: { seed: 'random_seed', max_completion_tokens: 'max_tokens' },
    requiredToolChoice: 'any',
    capabilities: capabilities({ promptCaching: false }),
    textCompletions: false,
    continuation: 'prefix',
  },
  {
    format: 'xai',
    displayName: 'xAI',
    defaultBaseUrl: 'https://api.x.ai/v1',
    auth: 'bearer',
    streamOptions: true,
    drops: OPENAI_ONLY,
    capabilities: FULL_OPENAI_CAPABILITIES,
    embeddings: false,
    textCompletions: false,
  },
  {
    format: 'perplexity',
    displayName: 'Perplexity',
    defaultBaseUrl: 'https://api.perplexity.ai',
    auth: 'bearer',
    streamOptions: false,
    drops: [...OPENAI_ONLY, 'n', 'logit_bias', 'logprobs', 'top_logprobs', 'seed', 'user', 'tools', 'tool_choice', 'parallel_tool_calls'],
    capabilities: capabilities({ tools: false, promptCaching: false }),
    embeddings: false,
    textCompletions: false,
  },
  {
    format: 'deepinfra',
    displayName: 'DeepInfra',
    defaultBaseUrl: 'https://api.deepinfra.com/v1/openai',
    auth: 'bearer',
    streamOptions: true,
    drops: OPENAI_ONLY,
    samplingExtras: SAMPLING_EXTRAS,
    capabilities: capabilities({ promptCaching: false }),
  },
  {
    format: 'cerebras',
    displayName: 'Cerebras',
    defaultBaseUrl: 'https://api.cerebras.ai/v1',
    auth: 'bearer',
    streamOptions: true,
    drops: [...OPENAI_ONLY, 'frequency_penalty', 'presence_penalty', 'logit_bias'],
    capabilities: capabilities({ vision: false, promptCaching: false }),
    embeddings: false,
  },
  {
    format: 'openrouter',
    displayName: 'OpenRouter',
    defaultBaseUrl: 'https://openrouter.ai/api/v1',
    auth: 'bearer',
    streamOptions: true,
    samplingExtras: SAMPLING_EXTRAS,
    passThrough: ['reasoning'],
    capabilities: FULL_OPENAI_CAPABILITIES,
    continuation: 'prefill',
  },
  { format: 'vllm', displayName: 'vLLM', auth: 'bearer', streamOptions: true, drops: OPENAI_ONLY, samplingExtras: SAMPLING_EXTRAS, capabilities: capabilities({ promptCaching: false }), continuation: 'vllm' },
  {
    format: 'lmstudio',
    displayName: 'LM Studio',
    defaultBaseUrl: 'http://127.0.0.1:1234/v1',
    auth: 'bearer',
    streamOptions: true,
    drops: OPENAI_ONLY,
    capabilities: capabilities({ promptCaching: false }),
  },
  {
    format: 'ollama',
    displayName: 'Ollama (OpenAI endpoint)',
    defaultBaseUrl: 'http://127.0.0.1:11434/v1',
    auth: 'bearer',
    streamOptions: true,
    drops: [...OPENAI_ONLY, 'logit_bias', 'logprobs', 'top_logprobs', 'n', 'parallel_tool_calls'],
    capabilities: capabilities({ promptCaching: false }),
  },
];
