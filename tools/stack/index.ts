export { clearRedisPrefix, uniquePrefix } from './clear-prefix';
export { freePort } from './ports';
export { launch, launchAll, PortTakenError, type LaunchOptions, type RunningService, type ServiceSpec } from './launcher';
export { startSimulatorProcess, type SimulatorProcess } from './simulator-process';
export { PRISMA_SERVICE_FLAGS, REQUEST_PATH_FLAGS, SERVICE_HEAP_FLAGS, stackSpecs, startStack, type Stack, type StackOptions, type StackPorts } from './stack';
export { openRedisTarget, REDIS_TARGETS, startRedisCluster, type LocalRedisCluster, type RedisTargetName } from './redis-cluster';
export { startRedisSentinel, type LocalRedisSentinel } from './redis-sentinel';
export { FaultProxy, type Fault, type ProxiedConnection } from './fault-proxy';
export { startOwnPostgres, startOwnRedis, type OwnServer } from './own-servers';
