import type { OutgoingHttpHeaders } from 'node:http';
import { randomHex } from '../ids';
import { ApiError, type Personality, type Route, type RouteInput } from '../personality';
import { chatRoute } from '../openai/chat';
import { embeddingsRoute } from '../openai/embeddings';
import { badRequest, failure, invalidJson, streamErrorFrame } from '../openai/errors';

/** Azure's own error bodies: the OpenAI shape, with the status as a string `code`. */
const azureError = (status: number, message: string) => new ApiError(status, { error: { code: String(status), message } });

const DENIED =
  'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.';

/**
 * Azure OpenAI's data plane: OpenAI's request and response bodies on deployment URLs
 * (`/openai/deployments/{deployment}/…?api-version=…`), authenticated by the `api-key` header.
 */
function deploymentRoute(operation: string, inner: Route): Route {
  return {
    method: 'POST',
    path: new RegExp(`^/openai/deployments/([^/]+)/${operation}$`),
    prepare(input: RouteInput) {
      if (!input.query.get('api-version')) throw azureError(404, 'Resource not found');
      const body = input.body && typeof input.body === 'object' ? { model: input.params[0], ...(input.body as object) } : input.body;
      return inner.prepare({ ...input, body });
    },
  };
}

function headers(requestId: string, processingMs: number): OutgoingHttpHeaders {
  return { 'apim-request-id': requestId, 'x-ms-region': 'East US', 'x-request-id': requestId, 'openai-processing-ms': String(processingMs) };
}

export const azurePersonality: Personality = {
  name: 'azure',
  routes: [deploymentRoute('chat/completions', chatRoute), deploymentRoute('embeddings', embeddingsRoute)],
  authenticate: (requestHeaders, apiKey) => (requestHeaders['api-key'] === apiKey ? undefined : azureError(401, DENIED)),
  notFound: () => azureError(404, 'Resource not found'),
  methodNotAllowed: () => azureError(405, 'Method not allowed'),
  invalidJson,
  badRequest: (message) => badRequest(message),
  failure,
  streamErrorFrame,
  headers,
  newRequestId: () => randomHex(32),
};
