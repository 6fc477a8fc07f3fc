import { Catalog, catalogConfigSchema } from '@alltokens/catalog';
import { ApiError } from '@alltokens/contracts';
import { CatalogOverrides } from '@alltokens/routing';
import { eventually, GatewayFixture } from '../testing/gateway-fixture';
import { CatalogEdits } from './catalog-edits.service';

jest.setTimeout(60_000);

const config = catalogConfigSchema.parse({
  providers: [{ id: 'alpha', base_url: 'http://a/v1', models: [{ model: 'openai/gpt-4o-mini', pricing: { prompt: 0.15, completion: 0.6 } }] }],
});

describe('CatalogEdits: endpoint edits for every replica (real Redis)', () => {
  let fixture: GatewayFixture;
  let catalog: Catalog;
  let replicaCatalog: Catalog;
  let edits: CatalogEdits;

  beforeAll(async () => {
    fixture = await GatewayFixture.start('catalog');
    catalog = new Catalog(config);
    replicaCatalog = new Catalog(config);
    edits = new CatalogEdits(catalog, new CatalogOverrides(fixture.redis, fixture.env.ALLTOKENS_PREFIX), fixture.subscriber());
    await edits.onModuleInit();
    await new CatalogEdits(replicaCatalog, new CatalogOverrides(fixture.redis, fixture.env.ALLTOKENS_PREFIX), fixture.subscriber()).onModuleInit();
  });
  afterAll(async () => fixture?.stop());

  const ID = 'alpha:openai/gpt-4o-mini';

  it('changes a price and status everywhere, merging edits, and reverts to the configured value', async () => {
    const priced = await edits.edit(ID, { pricing: { prompt: 1, completion: 2, request: 0 } });
    expect(priced).toEqual({ before: {}, after: { pricing: { prompt: 1, completion: 2, request: 0 } } });
    expect(catalog.endpoint(ID)!.pricing.prompt).toBeCloseTo(1e-6, 15);
    await eventually(() => replicaCatalog.endpoint(ID)!.pricing.prompt === catalog.endpoint(ID)!.pricing.prompt);
    const disabled = await edits.edit(ID, { status: 'disabled' });
    expect(disabled.after).toEqual({ pricing: { prompt: 1, completion: 2, request: 0 }, status: 'disabled' });
    await eventually(() => replicaCatalog.endpoint(ID)!.status === 'disabled');
    await edits.edit(ID, { pricing: null });
    const reverted = await edits.edit(ID, { status: 'active' });
    expect(reverted.after).toEqual({ status: 'active' });
    expect(catalog.endpoint(ID)!.pricing.prompt).toBeCloseTo(0.15e-6, 15);
    await eventually(() => replicaCatalog.endpoint(ID)!.pricing.prompt === catalog.endpoint(ID)!.pricing.prompt);
  });

  it('applies what is stored when a replica boots', async () => {
    await edits.edit(ID, { pricing: { prompt: 3, completion: 4, request: 0 } });
    const late = new Catalog(config);
    await new CatalogEdits(late, new CatalogOverrides(fixture.redis, fixture.env.ALLTOKENS_PREFIX), fixture.subscriber()).onModuleInit();
    expect(late.endpoint(ID)!.pricing.completion).toBeCloseTo(4e-6, 15);
  });

  it('refuses an endpoint the catalog does not have', async () => {
    expect(() => edits.endpoint('alpha:nope/x')).toThrow(ApiError);
    await expect(edits.edit('alpha:nope/x', { status: 'disabled' })).rejects.toMatchObject({ status: 404, code: 'endpoint_not_found' });
  });
});
