import * as ts from 'typescript';
import { join } from 'node:path';
import { ROOT, type KubeObject } from '@alltokens/kubernetes';

const CRD_PACKAGES: Record<string, string> = {
  'keda.sh': '@kubernetes-models/keda',
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
};

/**
 * Where the model of an object's kind lives: Kubernetes' own OpenAPI types in `kubernetes-models`, and
 * the CRDs KEDA and the Prometheus Operator publish, compiled into `@kubernetes-models/keda` and
 * `@kubernetes-models/prometheus-operator`. All offline.
 */
export function modelModule({ apiVersion, kind }: KubeObject): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  return [CRD_PACKAGES[group!] ?? 'kubernetes-models', group, version, kind].filter(Boolean).join('/');
}

export interface Model {
  validate(): void;
}

export function modelOf(object: KubeObject): new (data: unknown) => Model {
  const model = (require(modelModule(object)) as Record<string, new (data: unknown) => Model>)[object.kind];
  if (!model) throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  return model;
}

/**
 * Fields the schemas do not know. The models' validators (like Kubernetes' OpenAPI) accept extra fields,
 * but the API server's strict field validation rejects them, and a misspelt field (`readinessProb`) would
 * otherwise pass every check here. The same models' TypeScript types catch them: each object becomes a
 * literal of its kind's type, and the compiler's excess-property check names the unknown field.
 */
export function unknownFields(objects: KubeObject[]): string[] {
  const file = join(ROOT, 'test/kubernetes/__rendered__.ts');
  const source = objects
    .map((object, i) => `import type { I${object.kind} as T${i} } from '${modelModule(object)}';\nexport const o${i}: T${i} = ${JSON.stringify(object)};`)
    .join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    target: ts.ScriptTarget.ES2022,
    ignoreDeprecations: '6.0',
  };
  const host = ts.createCompilerHost(options);
  const readSource = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) => (name === file ? ts.createSourceFile(name, source, language, true) : readSource(name, language, ...rest));
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where = diagnostic.file === undefined || diagnostic.start === undefined ? '' : objectAt(diagnostic.file, diagnostic.start, objects);
    return `${where}${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ').slice(0, 400)}`;
  });
}

function objectAt(file: ts.SourceFile, position: number, objects: KubeObject[]): string {
  const line = file.getLineAndCharacterOfPosition(position).line;
  const object = objects[Math.floor(line / 2)];
  return object ? `${object.kind} ${object.metadata.name}: ` : '';
}
