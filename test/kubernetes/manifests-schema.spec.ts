import { modelOf, unknownFields } from './schema-models';
import { named, OVERLAYS, render } from '@alltokens/kubernetes';

describe.each(OVERLAYS)('deploy/kubernetes/overlays/%s', (overlay) => {
  const objects = render(overlay);

  it.each(objects.map((object) => [`${object.kind} ${object.metadata.name}`, object] as const))('%s validates against its schema', (_, object) => {
    const Model = modelOf(object);
    expect(() => new Model(object).validate()).not.toThrow();
  });

  it('uses only fields the schemas define', () => {
    expect(unknownFields(objects)).toEqual([]);
  });

  it('puts every namespaced object in the namespace it declares', () => {
    const namespaces = new Set(objects.filter((object) => object.kind !== 'Namespace').map((object) => object.metadata.namespace));
    const declared = objects.filter((object) => object.kind === 'Namespace').map((object) => object.metadata.name);
    expect([...namespaces]).toEqual(declared);
  });
});

describe('the schema checks themselves', () => {
  const objects = render('production');
  const copy = <T>(value: T): T => structuredClone(value);

  it('reject a wrong type, a missing required field and an unknown field', () => {
    const deployment = copy(named<any>(objects, 'Deployment', 'alltokens-gateway'));
    deployment.spec.template.spec.containers[0].ports[0].containerPort = '8080';
    expect(() => new (modelOf(deployment))(deployment).validate()).toThrow(/containerPort must be integer/);

    const scaled = copy(named<any>(objects, 'ScaledObject', 'alltokens-router'));
    delete scaled.spec.scaleTargetRef;
    expect(() => new (modelOf(scaled))(scaled).validate()).toThrow(/scaleTargetRef/);

    const monitor = copy(named<any>(objects, 'ServiceMonitor', 'alltokens-gateway'));
    monitor.spec.endpoints[0].paht = '/metrics';
    expect(unknownFields([monitor])).toEqual([expect.stringMatching(/ServiceMonitor alltokens-gateway: .*'"paht"' does not exist/)]);
  });
});
