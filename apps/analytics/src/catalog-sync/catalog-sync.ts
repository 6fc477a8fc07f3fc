import type { Catalog } from '@alltokens/catalog';
import type { PrismaClient } from '@alltokens/db';

const PER_TOKEN_DECIMALS = 12;

/** Mirrors the config-file catalog into Postgres (providers, models, endpoints) so SQL analytics can join it. */
export async function syncCatalog(prisma: PrismaClient, catalog: Catalog): Promise<void> {
  await prisma.$transaction(async (tx) => {
    for (const provider of catalog.providers()) {
      const data = { name: provider.name, format: provider.format, baseUrl: provider.baseUrl };
      await tx.provider.upsert({ where: { id: provider.id }, update: data, create: { id: provider.id, ...data } });
    }
    for (const model of catalog.models()) {
      const data = { name: model.name, contextLength: model.contextLength, description: model.description };
      await tx.model.upsert({ where: { id: model.id }, update: data, create: { id: model.id, ...data } });
      for (const endpoint of model.endpoints) {
        const fields = {
          upstreamModel: endpoint.upstreamModel,
          promptPrice: endpoint.pricing.prompt.toFixed(PER_TOKEN_DECIMALS),
          completionPrice: endpoint.pricing.completion.toFixed(PER_TOKEN_DECIMALS),
          cachedPromptPrice: endpoint.pricing.cachedPrompt.toFixed(PER_TOKEN_DECIMALS),
          requestPrice: endpoint.pricing.request.toFixed(PER_TOKEN_DECIMALS),
          contextLength: endpoint.contextLength,
          maxOutputTokens: endpoint.maxOutputTokens,
          supportedParameters: endpoint.supportedParameters,
        };
        await tx.endpoint.upsert({
          where: { id: endpoint.id },
          update: fields,
          create: { id: endpoint.id, modelId: model.id, providerId: endpoint.providerId, ...fields },
        });
      }
    }
  });
}
