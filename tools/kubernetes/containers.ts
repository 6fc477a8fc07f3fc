import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { z } from 'zod';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { named, ROOT, type KubeObject } from './render';

export const APPS = ['gateway', 'router', 'analytics'] as const;
export type AppName = (typeof APPS)[number];

/** The first container of Deployment `alltokens-<name>`: the app itself. */
export function appContainer(objects: KubeObject[], name: string): IContainer {
  return podSpecOf(objects, name).containers[0]!;
}

export function podSpecOf(objects: KubeObject[], name: string) {
  return named<IDeployment>(objects, 'Deployment', `alltokens-${name}`).spec!.template.spec!;
}

export const httpPort = (container: IContainer) => container.ports?.find((port) => port.name === 'http')?.containerPort;

/** The ConfigMap holding the providers file (its generated name carries a hash). */
export function providersConfigMap(objects: KubeObject[]): KubeObject & { data: Record<string, string> } {
  const map = objects.find((object) => object.kind === 'ConfigMap' && object.metadata.name.startsWith('alltokens-config'));
  if (!map) throw new Error('no alltokens-config ConfigMap');
  return map as KubeObject & { data: Record<string, string> };
}

/** Names the env schema knows, and those it cannot do without. */
export function schemaNames(schema: z.ZodObject) {
  const shape = schema.shape as Record<string, z.ZodType>;
  return {
    known: Object.keys(shape),
    required: Object.keys(shape).filter((name) => !shape[name]!.safeParse(undefined).success),
  };
}

/** Environment variables the db tool (migration Job, init containers) reads, from its source. */
export function dbToolVariables(): string[] {
  const dir = join(ROOT, 'tools/db');
  const sources = readdirSync(dir).map((file) => readFileSync(join(dir, file), 'utf8'));
  return [...new Set(sources.flatMap((source) => [...source.matchAll(/process\.env\.([A-Z0-9_]+)/g)].map((match) => match[1]!)))];
}

/** Stand-ins for the Secrets' values, shaped like real ones, so the apps' own schemas can parse them. */
const SECRET_SAMPLES: Record<string, string> = {
  DATABASE_URL: 'postgresql://alltokens:secret@postgres.example.internal:5432/alltokens?sslmode=require',
  REDIS_URL: 'rediss://default:secret@redis.example.internal:6380',
  ALLTOKENS_ADMIN_KEY: `at-admin-${'a'.repeat(32)}`,
  ALLTOKENS_KEY_HASH_SECRET: 'h'.repeat(48),
  ALLTOKENS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  ALLTOKENS_PREVIOUS_ENCRYPTION_KEYS: randomBytes(32).toString('hex'),
};

export interface SecretReference {
  secret: string;
  key?: string;
  optional: boolean;
}

export interface ContainerEnvironment {
  /** Every variable the container gets, with the ConfigMaps' values and stand-ins for the Secrets'. */
  values: Record<string, string>;
  secrets: SecretReference[];
}

export function environmentOf(container: IContainer, objects: KubeObject[]): ContainerEnvironment {
  const values: Record<string, string> = {};
  const secrets: SecretReference[] = [];
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      const map = objects.find((object) => object.kind === 'ConfigMap' && object.metadata.name === source.configMapRef!.name);
      if (!map) throw new Error(`${container.name}: no ConfigMap ${source.configMapRef.name}`);
      Object.assign(values, map.data as Record<string, string>);
    }
    if (source.secretRef) secrets.push({ secret: source.secretRef.name!, optional: source.secretRef.optional ?? false });
  }
  for (const variable of container.env ?? []) {
    const secret = variable.valueFrom?.secretKeyRef;
    if (secret) {
      secrets.push({ secret: secret.name!, key: secret.key, optional: secret.optional ?? false });
      const sample = SECRET_SAMPLES[secret.key];
      if (sample === undefined) throw new Error(`${container.name}: add a sample value for secret key ${secret.key}`);
      values[variable.name] = sample;
    } else {
      values[variable.name] = variable.value ?? '';
    }
  }
  return { values, secrets };
}

/** The `${VAR}` placeholders of a providers file. */
export const configVariables = (yaml: string) => [...yaml.matchAll(/\$\{([A-Z0-9_]+)/g)].map((match) => match[1]!);

/** Seconds a container's preStop hook waits (`sleep N`, or the `sleep` action). */
export function preStopSeconds(container: IContainer): number {
  const hook = container.lifecycle?.preStop;
  if (hook?.sleep) return Number(hook.sleep.seconds);
  const command = hook?.exec?.command ?? [];
  return command[0] === 'sleep' ? Number(command[1]) : 0;
}
