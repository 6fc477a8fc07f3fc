import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI document of every gateway route, served at `/docs` (UI) and `/docs-json`. */
export function mountOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('AllTokens API')
    .setDescription(
      'OpenAI-compatible LLM gateway. Inference with an API key (`Authorization: Bearer` or `X-API-Key`); management with the admin key or a management key. Errors use OpenAI\'s shape {"error":{"message","type","param","code"}}.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', name: 'X-API-Key', in: 'header' }, 'X-API-Key')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
