// Test tooling for deploy/kubernetes: renders the overlays and reads what they give each container.
export { describeAppManifests, parsedEnvironment, type AppUnderTest } from './app-checks';
export {
  appContainer,
  APPS,
  configVariables,
  dbToolVariables,
  environmentOf,
  httpPort,
  podSpecOf,
  preStopSeconds,
  providersConfigMap,
  schemaNames,
  type AppName,
  type ContainerEnvironment,
  type SecretReference,
} from './containers';
export { component, containersOf, KUBERNETES_DIR, named, ofKind, OVERLAYS, podTemplates, render, ROOT, type KubeObject } from './render';
