import { randomUUID } from 'node:crypto';
import type { OutgoingHttpHeaders } from 'node:http';
import type { Personality } from '../personality';
import { authenticate } from './auth';
import { converseRoutes } from './converse';
import { awsError, failure, streamErrorFrame, validationError } from './errors';
import { invokeRoute } from './invoke';

const headers = (requestId: string): OutgoingHttpHeaders => ({ 'x-amzn-RequestId': requestId });

/** Amazon Bedrock Runtime: Converse, ConverseStream (AWS event stream) and InvokeModel for embeddings, SigV4 or API-key auth. */
export const bedrockPersonality: Personality = {
  name: 'bedrock',
  routes: [...converseRoutes, invokeRoute],
  authenticate,
  notFound: (method, path) => awsError(404, 'UnknownOperationException', `No operation matches ${method} ${path}`),
  methodNotAllowed: (method, path) => awsError(405, 'UnknownOperationException', `No operation matches ${method} ${path}`),
  invalidJson: () => awsError(400, 'SerializationException', 'Could not parse the request body as JSON.'),
  badRequest: validationError,
  failure,
  streamErrorFrame,
  headers,
  newRequestId: randomUUID,
};
